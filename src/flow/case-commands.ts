import { createHash, randomBytes } from 'node:crypto';
import type { CaseRules } from './case-rules';
import { dueAtOf } from './time-limits';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../db/database';
import type { CaseRecordTable } from '../db/tables/case.table';
import { type CaseState, type CaseStatus, MAX_RETURNS, transitionCase } from '../domain/case-state';
import { maskFreeText } from '../domain/masking';
import { HuijuError } from '../errors';
import { changeEventType, type ChangeEventData, type ChangeOperation } from '../ingest/outbox.repository';
import { type CaseMoveCommand, type DispatchUnit, HANDLER_MOVES, LEAD_MOVES, targetStatus } from './case-move';

/** A `case_record` row as the commands read it. */
export type CaseRecordRow = Selectable<CaseRecordTable>;

/** Lineage of hub moves: `source_record.source` / `.stream` (the case id is the external id). */
export const HUB_SOURCE = 'hub';
export const HUB_STREAM = 'case-flow';

/** Who makes a move: resolved by the API from the caller (src/auth) before the command runs. */
export interface CaseActor {
  /** `Caller.subject`: who, for the idempotency journal. */
  subject: string;
  /** The organisation acting (`organization.id`), recorded on the event; `null` when none is named. */
  orgId: string | null;
  /** Street-level and ADMIN callers act on any case in scope; others only as one of its handling units. */
  actsForAnyUnit: boolean;
}

/** How the commands write. */
export interface CaseCommandOptions {
  /** Write a change event (outbox row) with each move: `writesChangeEvents(config)`. */
  changeEvents: boolean;
  /** The time of the move. Default: now. */
  now?: Date;
  /**
   * The time-limit rules and work calendar (`caseRulesOf(config)`): a case reported without a due
   * time gets one from them, as a source's case does on the write path. Default: none computed.
   */
  rules?: Pick<CaseRules, 'timeLimits' | 'calendar'>;
}

/**
 * Loads a case the caller may see (area scope applied), or `undefined`. The API passes the
 * scoped repository, so the commands never decide scope themselves.
 */
export type ScopedCaseLoader = (trx: Kysely<Database>, caseId: string) => Promise<CaseRecordRow | undefined>;

/** What a move did. */
export interface CaseMoveResult {
  /** The case after the move. */
  row: CaseRecordRow;
  /** `true` when an earlier call with the same idempotency key did the move and this one did nothing. */
  replayed: boolean;
}

/** Longest reason / note accepted (characters). */
export const MAX_REASON_LENGTH = 1_000;

/** Moves that need a reason. */
const REASON_REQUIRED = new Set(['reject', 'return', 'extend', 'reopen', 'arbitrate']);

function invalid(field: string, message: string): HuijuError {
  return new HuijuError('INVALID_CASE_COMMAND', message, { field });
}

function cleanReason(command: Pick<CaseMoveCommand, 'move' | 'reason' | 'passed'>): string | null {
  const reason = command.reason?.trim() || null;
  if (reason === null && (REASON_REQUIRED.has(command.move) || (command.move === 'verify' && command.passed === false))) {
    throw invalid('reason', `${command.move}: a reason is required`);
  }
  if (reason !== null && Array.from(reason).length > MAX_REASON_LENGTH) throw invalid('reason', `reason: at most ${MAX_REASON_LENGTH} characters`);
  // case text is L3: ID numbers and mobiles in it are never stored in clear
  return reason === null ? null : maskFreeText(reason);
}

function checkUnits(units: readonly DispatchUnit[] | undefined): readonly DispatchUnit[] {
  if (!units || units.length === 0) throw invalid('units', 'units: name at least one unit');
  const ids = new Set(units.map((u) => u.organizationId));
  if (ids.size !== units.length) throw invalid('units', 'units: a unit appears twice');
  if (units.filter((u) => u.role === 'LEAD').length !== 1) throw invalid('units', 'units: exactly one unit is the lead (主办)');
  return units;
}

/**
 * The idempotency journal: the case id of an earlier move with `key` (a replay), or `null` when
 * the key is new (the move writes it with its other rows). The key is locked for the rest of the
 * transaction first (an advisory lock on its hash), so of two concurrent first tries the second
 * waits for the first to commit and then replays it, instead of failing on the key's primary key.
 */
async function claimKey(trx: Kysely<Database>, key: string, move: string, subject: string, caseId: string | null): Promise<string | null> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`case_command:${key}`}, 0))`.execute(trx);
  const earlier = await trx.selectFrom('case_command').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!earlier) return null;
  if (earlier.command !== move || earlier.subject !== subject || (caseId !== null && earlier.case_id !== caseId)) {
    throw new HuijuError('IDEMPOTENCY_KEY_REUSED', 'idempotency key already used for another move', { command: earlier.command });
  }
  return earlier.case_id;
}

/** Writes the lineage (`hub`), the journal row and the change event of a move on `row`. */
async function recordMove(
  trx: Kysely<Database>,
  row: CaseRecordRow,
  move: string,
  actor: CaseActor,
  idempotencyKey: string | null,
  operation: ChangeOperation,
  options: CaseCommandOptions,
  at: Date,
): Promise<void> {
  const hash = createHash('sha256').update(`${move}\u0000${row.id}\u0000${row.version}`).digest('hex');
  await sql`
    insert into source_record (source, stream, external_id, entity, entity_id, source_version, payload_hash)
    values (${HUB_SOURCE}, ${HUB_STREAM}, ${row.id}, 'case', ${row.id}, ${at}, ${hash})
    on conflict (source, stream, external_id, entity, entity_id) do update
      set source_version = greatest(source_record.source_version, excluded.source_version),
          payload_hash = excluded.payload_hash, last_seen = now()`.execute(trx);
  if (idempotencyKey !== null) {
    await trx
      .insertInto('case_command')
      .values({ idempotency_key: idempotencyKey, case_id: row.id, command: move, subject: actor.subject, actor_org_id: actor.orgId, result_version: row.version })
      .execute();
  }
  if (options.changeEvents) {
    const data: ChangeEventData = {
      entity: 'case',
      id: row.id,
      operation,
      sources: [{ source: HUB_SOURCE, stream: HUB_STREAM, externalId: row.id, version: at.toISOString() }],
    };
    await trx
      .insertInto('outbox')
      .values({ type: changeEventType('case', operation), entity: 'case', entity_id: row.id, payload: JSON.stringify(data) } as never)
      .execute();
  }
}

/**
 * Appends a CaseEvent to a case as its next `seq` (max + 1, in `trx`). Exported for the overdue
 * escalation (src/flow/overdue-escalation.ts), which records its 督办 as an event; callers hold
 * the case row's lock (an update or `for update`), so two writers never take the same `seq`.
 */
export async function appendEvent(trx: Kysely<Database>, caseId: string, from: CaseStatus | null, to: CaseStatus, actorOrgId: string | null, at: Date, reason: string | null): Promise<void> {
  await sql`
    insert into case_event (case_id, seq, from_status, to_status, actor_org_id, at, reason, raw_status, inferred, origin)
    select ${caseId}::uuid, coalesce(max(seq), 0) + 1, ${from}, ${to}, ${actorOrgId}::uuid, ${at}, ${reason}, null, false, 'HUB'
    from case_event where case_id = ${caseId}::uuid`.execute(trx);
}

async function checkOrganizations(trx: Kysely<Database>, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await trx.selectFrom('organization').select('id').where('id', 'in', [...ids]).execute();
  if (found.length !== new Set(ids).size) throw invalid(field, `${field}: no such organisation`);
}

/**
 * Applies one move to a case, in the caller's transaction `trx` (pure command handling: no
 * GraphQL, no caller; scope comes in through `load`, the acting unit through `actor`):
 *
 * 1. a repeated idempotency key returns the case as it is, without applying again;
 * 2. the case must be visible (`CASE_NOT_FOUND`) and at the version the caller saw
 *    (`CASE_VERSION_CONFLICT`);
 * 3. handler moves (sign, return, start, extend, handle) need the acting unit to be a handling
 *    unit of the case — the lead for return, extend, handle — unless `actor.actsForAnyUnit`
 *    (`NOT_A_HANDLER`);
 * 4. the state machine (`transitionCase`) decides whether the move is legal (`ILLEGAL_TRANSITION`);
 * 5. the status change, the CaseEvent (with the acting unit), handlers for a dispatch, the
 *    lineage row (`hub`), the journal row and the change event are written here, so they commit
 *    or roll back together with the caller's transaction.
 * A refused move throws a coded {@link HuijuError} before anything is written.
 */
export async function applyCaseMove(
  trx: Kysely<Database>,
  load: ScopedCaseLoader,
  actor: CaseActor,
  command: CaseMoveCommand,
  options: CaseCommandOptions,
): Promise<CaseMoveResult> {
  const at = options.now ?? new Date();
  if (command.idempotencyKey !== null) {
    const earlier = await claimKey(trx, command.idempotencyKey, command.move, actor.subject, command.caseId);
    if (earlier !== null) {
      const row = await load(trx, earlier);
      if (!row) throw new HuijuError('CASE_NOT_FOUND', 'case not found');
      return { row, replayed: true };
    }
  }
  const row = await load(trx, command.caseId);
  if (!row) throw new HuijuError('CASE_NOT_FOUND', 'case not found');
  if (row.version !== command.version) {
    throw new HuijuError('CASE_VERSION_CONFLICT', `case changed since version ${command.version} (now ${row.version}); read it again`, { expected: command.version, actual: row.version });
  }
  const reason = cleanReason(command);

  if (HANDLER_MOVES.has(command.move) && !actor.actsForAnyUnit) {
    const handler = actor.orgId === null ? undefined : await trx.selectFrom('case_handler').select('role').where('case_id', '=', row.id).where('organization_id', '=', actor.orgId).executeTakeFirst();
    if (!handler || (LEAD_MOVES.has(command.move) && handler.role !== 'LEAD')) {
      throw new HuijuError('NOT_A_HANDLER', `${command.move}: the acting unit is not ${LEAD_MOVES.has(command.move) ? 'the lead unit' : 'a handling unit'} of the case`, { move: command.move });
    }
  }

  const from = row.status as CaseStatus;
  const state: CaseState = { status: from, returns: row.returns_count };
  const to = targetStatus(command, row.returns_count, MAX_RETURNS);
  const update: Record<string, unknown> = {};

  if (to === null) {
    if (from === 'REJECTED' || from === 'ARCHIVED') {
      throw new HuijuError('ILLEGAL_TRANSITION', `${command.move}: the case is ${from}`, { from, to: from, returns: row.returns_count });
    }
    if (command.move === 'revisit') {
      if (from !== 'CLOSED') throw new HuijuError('ILLEGAL_TRANSITION', 'revisit: only a CLOSED case is revisited', { from, to: from, returns: row.returns_count });
      if (!command.satisfaction) throw invalid('satisfaction', 'revisit: satisfaction is required');
      update.satisfaction = command.satisfaction;
    } else {
      update.supervised = command.supervised ?? true;
    }
  } else {
    // arbitration is its own move: a case in ARBITRATION is only re-dispatched by arbitrate, and arbitrate only leaves ARBITRATION
    if ((command.move === 'arbitrate') !== (from === 'ARBITRATION') && to === 'DISPATCHED') {
      throw new HuijuError('ILLEGAL_TRANSITION', command.move === 'arbitrate' ? 'arbitrate: the case is not in ARBITRATION' : 'dispatch: a case in ARBITRATION is re-dispatched by arbitrate', {
        from,
        to,
        returns: row.returns_count,
      });
    }
    if (command.move === 'reopen' && row.satisfaction !== 'UNSATISFIED') {
      throw new HuijuError('ILLEGAL_TRANSITION', 'reopen: only after an unsatisfied revisit (不满意)', { from, to, returns: row.returns_count });
    }
    const next = transitionCase(state, to);
    update.status = next.status;
    update.returns_count = next.returns;
    if (to === 'CLOSED') update.closed_at = at;
    if (to === 'REOPENED') update.closed_at = null;
    if (to === 'EXTENDED') {
      if (!command.dueAt) throw invalid('dueAt', 'extend: the new time limit (dueAt) is required');
      if (row.due_at && command.dueAt <= row.due_at) throw invalid('dueAt', 'extend: the new time limit must be later than the current one');
      update.due_at = command.dueAt;
    }
    if (to === 'DISPATCHED') {
      const units = checkUnits(command.units);
      await checkOrganizations(trx, units.map((u) => u.organizationId), 'units');
      if (command.dueAt) update.due_at = command.dueAt;
      update.joint = units.length > 1;
      await trx.deleteFrom('case_handler').where('case_id', '=', row.id).execute();
      await trx
        .insertInto('case_handler')
        .values(units.map((u) => ({ case_id: row.id, organization_id: u.organizationId, role: u.role })))
        .execute();
    }
  }

  const updated = await trx
    .updateTable('case_record')
    .set({ ...update, updated_at: sql`now()` } as never)
    .where('id', '=', row.id)
    .where('version', '=', command.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    // a concurrent writer committed between the read and the update
    throw new HuijuError('CASE_VERSION_CONFLICT', `case changed since version ${command.version}; read it again`, { expected: command.version });
  }
  if (to !== null) await appendEvent(trx, row.id, from, to, actor.orgId, at, reason);
  await recordMove(trx, updated, command.move, actor, command.idempotencyKey, 'updated', options, at);
  return { row: updated, replayed: false };
}

/** A case reported in the hub (walk-in, grid patrol): the hub owns it (`source_system = 'hub'`). */
export interface ReportCaseCommand {
  kind: CaseRecordTable['kind'];
  channel: string;
  appealType: string | null;
  category: string | null;
  title: string;
  content: string | null;
  /** `admin_area.id` of the community (or the grid's community). */
  areaId: string;
  gridId: string | null;
  address: string | null;
  urgent: boolean;
  dueAt: Date | null;
  /** When the resident reported it; default: now. */
  reportedAt: Date | null;
  idempotencyKey: string | null;
}

/** Number of a case reported in the hub: `HUB-20261206-9f3a1c2b`. */
export function hubCaseNumber(at: Date): string {
  return `HUB-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Reports a case in the hub (上报: walk-in 来访, grid patrol 网格巡查), in `trx`: the case at
 * REPORTED with its first event (from null), lineage `hub`, the journal row and a `created`
 * change event. The caller checks that the area is inside its scope. Text is stored with ID
 * numbers and mobiles masked.
 */
export async function reportCase(
  trx: Kysely<Database>,
  load: ScopedCaseLoader,
  actor: CaseActor,
  command: ReportCaseCommand,
  options: CaseCommandOptions,
): Promise<CaseMoveResult> {
  const at = options.now ?? new Date();
  if (command.idempotencyKey !== null) {
    const earlier = await claimKey(trx, command.idempotencyKey, 'report', actor.subject, null);
    if (earlier !== null) {
      const row = await load(trx, earlier);
      if (!row) throw new HuijuError('CASE_NOT_FOUND', 'case not found');
      return { row, replayed: true };
    }
  }
  const title = command.title.trim();
  if (title.length === 0) throw invalid('title', 'title: required');
  const sourceNo = hubCaseNumber(at);
  const reportedAt = command.reportedAt ?? at;
  const dueAt =
    command.dueAt ??
    (options.rules
      ? dueAtOf({ kind: command.kind, appealType: command.appealType, category: command.category, urgent: command.urgent, reportedAt }, options.rules.calendar, options.rules.timeLimits)
      : null);
  const row = await trx
    .insertInto('case_record')
    .values({
      natural_key: `${HUB_SOURCE}:${sourceNo}`,
      source_system: HUB_SOURCE,
      source_no: sourceNo,
      kind: command.kind,
      channel: command.channel,
      appeal_type: command.appealType,
      category: command.category,
      title: maskFreeText(title),
      content: command.content === null ? null : maskFreeText(command.content),
      reporter_person_id: null,
      area_id: command.areaId,
      grid_id: command.gridId,
      building_id: null,
      address: command.address,
      status: 'REPORTED',
      urgent: command.urgent,
      satisfaction: null,
      duty_item_id: null,
      reported_at: reportedAt,
      due_at: dueAt,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(trx, row.id, null, 'REPORTED', actor.orgId, at, null);
  await recordMove(trx, row, 'report', actor, command.idempotencyKey, 'created', options, at);
  return { row, replayed: false };
}
