import { sql } from 'kysely';
import { Arg, Args, Ctx, GraphQLISODateTime, Mutation, Resolver } from 'type-graphql';
import { ACTS_FOR_ANY_UNIT, type Permission } from '../../auth/roles';
import { isHuijuError } from '../../errors';
import { type CaseActor, type CaseMoveResult, type ScopedCaseLoader, applyCaseMove, reportCase } from '../../flow/case-commands';
import type { CaseMove, CaseMoveCommand } from '../../flow/case-move';
import { writesChangeEvents } from '../../ingest/outbox.repository';
import { caseRulesOf } from '../../flow/case-rules';
import { requirePermission } from '../authorization/require';
import { readAreaCode, readGridCode, scopeCondition } from '../common/area-scope';
import { fromGlobalIdOf } from '../common/global-id';
import type { HubContext } from '../context';
import { badUserInput, codedError, GRAPHQL_ERROR_CODES, notFound } from '../errors';
import { CaseMoveArgs } from './case-move.args';
import { CaseUnitInput } from './case-unit.input';
import { HandlerRole, Satisfaction } from './case.enums';
import { casesByIds } from './case.repository';
import { CaseType, toCaseType } from './case.type';
import { ReportCaseInput } from './report-case.input';

/** Longest idempotency key accepted. */
const MAX_KEY_LENGTH = 200;

/** The permission each move needs (src/auth/roles.ts). */
export const MOVE_PERMISSIONS: Readonly<Record<CaseMove, Permission>> = {
  accept: 'case.accept',
  reject: 'case.accept',
  dispatch: 'case.dispatch',
  sign: 'case.sign',
  return: 'case.return',
  arbitrate: 'case.arbitrate',
  start: 'case.sign',
  extend: 'case.handle',
  handle: 'case.handle',
  verify: 'case.close',
  close: 'case.close',
  revisit: 'case.close',
  reopen: 'case.close',
  supervise: 'case.supervise',
  archive: 'case.close',
};

/** Hub error codes of the commands as client errors (nothing was written when one is thrown). */
function clientError(err: unknown): unknown {
  if (!isHuijuError(err)) return err;
  const details = err.details as Record<string, unknown>;
  switch (err.code) {
    case 'ILLEGAL_TRANSITION':
    case 'CASE_VERSION_CONFLICT':
    case 'IDEMPOTENCY_KEY_REUSED':
      return codedError(err.code, err.message, details);
    case 'CASE_NOT_FOUND':
      return notFound('Case', 'id');
    case 'NOT_A_HANDLER':
      return codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, err.message, details);
    case 'INVALID_CASE_COMMAND':
      return badUserInput(String(details.field ?? 'input'), err.message);
    default:
      return err;
  }
}

function readKey(key: string | null | undefined, field: string): string | null {
  const k = key?.trim() || null;
  if (k !== null && k.length > MAX_KEY_LENGTH) throw badUserInput(field, `${field}: at most ${MAX_KEY_LENGTH} characters`);
  return k;
}

/** The acting unit: the token's organisation, else the one the caller names (until every token carries one). */
function actorOf(ctx: HubContext, named: string | null | undefined, field: string): CaseActor {
  const namedId = named ? fromGlobalIdOf('Organization', named, field) : null;
  const tokenOrg = ctx.caller.orgId ?? null;
  if (tokenOrg !== null && namedId !== null && namedId !== tokenOrg) {
    throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `${field}: the caller acts for the organisation its token names`, { field });
  }
  return { subject: ctx.caller.subject, orgId: tokenOrg ?? namedId, actsForAnyUnit: ACTS_FOR_ANY_UNIT.includes(ctx.caller.role) };
}

function scopedLoader(ctx: HubContext): ScopedCaseLoader {
  return async (trx, caseId) => (await casesByIds(trx, ctx.caller, [caseId]))[0];
}

async function run(ctx: HubContext, work: (trx: HubContext['db']) => Promise<CaseMoveResult>): Promise<CaseType> {
  try {
    const { row } = await ctx.db.transaction().execute(work);
    return toCaseType(row, ctx.caller);
  } catch (err) {
    throw clientError(err);
  }
}

/**
 * Case flow (业务协同流转) as mutations: each moves one case inside the caller's scope through the
 * state machine (src/flow/case-commands.ts does the checks and writes the event, status, lineage
 * and change event in one transaction), and returns the case. Every move needs its permission
 * ({@link MOVE_PERMISSIONS}); sign, start, return, extend and handle also need the acting unit to
 * be a handling unit of the case (the lead for return, extend, handle) unless the caller is
 * street-level or ADMIN. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, ILLEGAL_TRANSITION,
 * CASE_VERSION_CONFLICT, IDEMPOTENCY_KEY_REUSED — each with nothing written.
 */
@Resolver()
export class CaseFlowResolver {
  private move(ctx: HubContext, move: CaseMove, args: CaseMoveArgs, extra: () => Partial<CaseMoveCommand> = () => ({})): Promise<CaseType> {
    requirePermission(ctx.caller, MOVE_PERMISSIONS[move], `${move}Case`);
    const command: CaseMoveCommand = {
      move,
      caseId: fromGlobalIdOf('Case', args.id, 'id'),
      version: args.version,
      idempotencyKey: readKey(args.idempotencyKey, 'idempotencyKey'),
      reason: args.reason ?? null,
      ...extra(),
    };
    const actor = actorOf(ctx, args.actorOrganizationId, 'actorOrganizationId');
    const options = { changeEvents: writesChangeEvents(ctx.hub.config) };
    return run(ctx, (trx) => applyCaseMove(trx, scopedLoader(ctx), actor, command, options));
  }

  @Mutation(() => CaseType, { description: '上报: reports a case for a channel with no system of its own (walk-in, grid patrol); the hub owns it (sourceSystem `hub`). Needs case.report; the area must be inside the caller\'s scope.' })
  async reportCase(@Arg('input', () => ReportCaseInput, { description: 'The case.' }) input: ReportCaseInput, @Ctx() ctx: HubContext): Promise<CaseType> {
    requirePermission(ctx.caller, 'case.report', 'reportCase');
    const actor = actorOf(ctx, input.actorOrganizationId, 'input.actorOrganizationId');
    const key = readKey(input.idempotencyKey, 'input.idempotencyKey');
    const options = { changeEvents: writesChangeEvents(ctx.hub.config), rules: caseRulesOf(ctx.hub.config) };
    return run(ctx, async (trx) => {
      let areaId: string | null = null;
      let gridId: string | null = null;
      if (input.grid) {
        const grid = await trx.selectFrom('grid').select(['id', 'community_id']).where('code', '=', readGridCode(input.grid, 'input.grid')).executeTakeFirst();
        if (!grid) throw badUserInput('input.grid', 'input.grid: no such grid');
        gridId = grid.id;
        areaId = grid.community_id;
      } else if (input.area) {
        const area = await trx.selectFrom('admin_area').select('id').where('code', '=', readAreaCode(input.area, 'input.area')).executeTakeFirst();
        if (!area) throw badUserInput('input.area', 'input.area: no such area');
        areaId = area.id;
      } else {
        throw badUserInput('input.area', 'input: give area or grid');
      }
      const scope = scopeCondition(ctx.caller, sql`${areaId}::uuid`);
      if (scope) {
        const inScope = await sql<{ ok: boolean }>`select ${scope} as ok`.execute(trx);
        if (!inScope.rows[0]?.ok) throw badUserInput(input.grid ? 'input.grid' : 'input.area', 'the area is outside the caller\'s scope');
      }
      return reportCase(
        trx,
        scopedLoader(ctx),
        actor,
        {
          kind: input.kind,
          channel: input.channel.trim(),
          appealType: input.appealType ?? null,
          category: input.category ?? null,
          title: input.title,
          content: input.content ?? null,
          areaId: areaId!,
          gridId,
          address: input.address ?? null,
          urgent: input.urgent ?? false,
          dueAt: input.dueAt ?? null,
          reportedAt: input.reportedAt ?? null,
          idempotencyKey: key,
        },
        options,
      );
    });
  }

  @Mutation(() => CaseType, { description: '受理: REPORTED → ACCEPTED. Needs case.accept.' })
  acceptCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'accept', args);
  }

  @Mutation(() => CaseType, { description: '不予受理: REPORTED → REJECTED (terminal), with a reason. Needs case.accept.' })
  rejectCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'reject', args);
  }

  @Mutation(() => CaseType, {
    description:
      '派遣: → DISPATCHED to one or several units (联办: one LEAD, the others ASSIST; the case is then joint), from ACCEPTED, RETURNED, VERIFY_FAILED or REOPENED. Replaces the handling units. Needs case.dispatch.',
  })
  dispatchCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('units', () => [CaseUnitInput], { description: 'The handling units; exactly one LEAD.' }) units: CaseUnitInput[],
    @Arg('dueAt', () => GraphQLISODateTime, { nullable: true, description: 'Time limit (办理时限); kept when absent.' }) dueAt: Date | null,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'dispatch', args, () => ({ units: readUnits(units), dueAt }));
  }

  @Mutation(() => CaseType, { description: '签收: DISPATCHED → SIGNED, by a handling unit. Needs case.sign.' })
  signCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'sign', args);
  }

  @Mutation(() => CaseType, {
    description: `退单: SIGNED → RETURNED, by the lead unit, with a reason. A case already returned twice goes to ARBITRATION instead (DOMAIN.md §5), for the street to arbitrate. Needs case.return.`,
  })
  returnCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'return', args);
  }

  @Mutation(() => CaseType, { description: '仲裁: ARBITRATION → DISPATCHED to the units arbitration names, with a reason. Needs case.arbitrate.' })
  arbitrateCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('units', () => [CaseUnitInput], { description: 'The handling units arbitration names; exactly one LEAD.' }) units: CaseUnitInput[],
    @Arg('dueAt', () => GraphQLISODateTime, { nullable: true, description: 'New time limit; kept when absent.' }) dueAt: Date | null,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'arbitrate', args, () => ({ units: readUnits(units), dueAt }));
  }

  @Mutation(() => CaseType, { description: '开始办理: SIGNED → IN_PROGRESS, or back to IN_PROGRESS after an extension (EXTENDED). By a handling unit. Needs case.sign.' })
  startCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'start', args);
  }

  @Mutation(() => CaseType, { description: '延期: IN_PROGRESS → EXTENDED with a later time limit and a reason, by the lead unit; startCase resumes. Needs case.handle.' })
  extendCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('dueAt', () => GraphQLISODateTime, { description: 'The new time limit; later than the current one.' }) dueAt: Date,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'extend', args, () => ({ dueAt }));
  }

  @Mutation(() => CaseType, { description: '办结: IN_PROGRESS → HANDLED, by the lead unit. Needs case.handle.' })
  handleCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'handle', args);
  }

  @Mutation(() => CaseType, { description: '核查: HANDLED → CLOSED when passed, → VERIFY_FAILED (with a reason) when not. Needs case.close.' })
  verifyCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('passed', () => Boolean, { description: 'Whether the work passed verification.' }) passed: boolean,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'verify', args, () => ({ passed }));
  }

  @Mutation(() => CaseType, { description: '结案: HANDLED → CLOSED without a separate verification. Needs case.close.' })
  closeCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'close', args);
  }

  @Mutation(() => CaseType, { description: '回访: records the resident\'s satisfaction on a CLOSED case (no status change; 不满意 allows reopenCase). Needs case.close.' })
  revisitCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('satisfaction', () => Satisfaction, { description: '满意 / 基本满意 / 不满意.' }) satisfaction: Satisfaction,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'revisit', args, () => ({ satisfaction }));
  }

  @Mutation(() => CaseType, { description: '重新办理: CLOSED → REOPENED after an unsatisfied revisit, with a reason; then dispatchCase. Needs case.close.' })
  reopenCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'reopen', args);
  }

  @Mutation(() => CaseType, { description: '督办: sets (default) or lifts the supervision flag of a case that is not REJECTED or ARCHIVED. Needs case.supervise.' })
  superviseCase(
    @Args(() => CaseMoveArgs) args: CaseMoveArgs,
    @Arg('supervised', () => Boolean, { nullable: true, description: 'true (default) sets the flag, false lifts it.' }) supervised: boolean | null,
    @Ctx() ctx: HubContext,
  ) {
    return this.move(ctx, 'supervise', args, () => ({ supervised: supervised ?? true }));
  }

  @Mutation(() => CaseType, { description: '归档: CLOSED → ARCHIVED (terminal). Needs case.close.' })
  archiveCase(@Args(() => CaseMoveArgs) args: CaseMoveArgs, @Ctx() ctx: HubContext) {
    return this.move(ctx, 'archive', args);
  }
}

function readUnits(units: CaseUnitInput[]) {
  return units.map((u, i) => ({
    organizationId: fromGlobalIdOf('Organization', u.organizationId, `units.${i}.organizationId`),
    role: u.role === HandlerRole.LEAD ? ('LEAD' as const) : ('ASSIST' as const),
  }));
}
