import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { appendAccessLog } from '../../auth/access-log.repository';
import { requirePermission, requireRead } from '../authorization/require';
import { fromGlobalIdOf, toGlobalId } from '../common/global-id';
import { ConnectionArgs, rootConnection } from '../common/lists';
import type { HubContext } from '../context';
import { badUserInput, notFound } from '../errors';
import { personsByIds } from '../person/person.repository';
import { type AccessLogRow, toAccessLogEntryType } from './access-log-entry.type';
import { AccessLogConnection } from './access-log.connection';
import { AccessLogFilter } from './access-log.filter';
import { accessLogListSpec } from './access-log.repository';
import { RevealedPersonType } from './revealed-person.type';

/** Shortest and longest reason a reveal accepts. */
export const REASON_LENGTH = { min: 4, max: 500 } as const;

function readReason(input: string): string {
  const reason = input.trim();
  const length = Array.from(reason).length;
  if (length < REASON_LENGTH.min) throw badUserInput('reason', `reason: say why you need the clear values (at least ${REASON_LENGTH.min} characters)`);
  if (length > REASON_LENGTH.max) throw badUserInput('reason', `reason: at most ${REASON_LENGTH.max} characters`);
  return reason;
}

/**
 * Audited clear reads of personal information (PIPL: minimal access, audit of sensitive data).
 * `revealPerson` is the only way a clear ID number or mobile leaves the hub: it needs the
 * `pi.reveal` permission and a stated reason, works only on a person inside the caller's scope,
 * and writes its access-log row in the same transaction before decrypting anything — no row, no
 * reveal. `accessLog` is for roles that read it (AUDITOR, ADMIN).
 */
@Resolver()
export class AccessResolver {
  @Mutation(() => RevealedPersonType, {
    description:
      'Shows a person\'s name, ID number and mobile in clear, for a stated reason, and records it in the access log (same transaction: no log row, no reveal). Needs the pi.reveal permission; the person must be inside the caller\'s scope. Errors: FORBIDDEN, BAD_USER_INPUT, NOT_FOUND.',
  })
  async revealPerson(
    @Arg('id', () => ID, { description: 'Global ID of the person.' }) id: string,
    @Arg('reason', () => String, { description: 'Why the clear values are needed (4–500 characters); stored in the access log.' }) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<RevealedPersonType> {
    requirePermission(ctx.caller, 'pi.reveal', 'revealPerson');
    const personId = fromGlobalIdOf('Person', id, 'id');
    const why = readReason(reason);
    return ctx.db.transaction().execute(async (trx) => {
      const [row] = await personsByIds(trx, ctx.caller, [personId]);
      if (!row) throw notFound('Person', 'id');
      const fields = ['name', ...(row.id_enc ? ['idNumber'] : []), ...(row.mobile_enc ? ['mobile'] : [])];
      const logId = await appendAccessLog(trx, ctx.caller, { action: 'REVEAL_PERSON', entity: 'person', entityId: row.id, fields, reason: why });
      const t = new RevealedPersonType();
      t.id = toGlobalId('Person', row.id);
      t.name = row.name;
      t.idNumber = row.id_enc ? ctx.hub.vault.decrypt(row.id_enc) : null;
      t.mobile = row.mobile_enc ? ctx.hub.vault.decrypt(row.mobile_enc) : null;
      t.accessLogId = logId;
      return t;
    });
  }

  @Query(() => AccessLogConnection, { description: 'The access log (who revealed whose personal information, when, why), newest first. AUDITOR and ADMIN only.' })
  accessLog(
    @Arg('filter', () => AccessLogFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: AccessLogFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireRead(ctx.caller, 'accessLog', 'accessLog');
    return rootConnection(ctx, AccessLogConnection, accessLogListSpec(filter), page, (row: AccessLogRow) => toAccessLogEntryType(row));
  }
}
