import { type CaseRules, caseRulesOf } from '../flow/case-rules';
import type { Kysely, Transaction } from 'kysely';
import type { HuijuConfig } from '../config';
import type { Database } from '../db/database';
import type { DeadLetterStage } from '../db/tables/ingestion.table';
import type { PiiVault } from '../pii/pii-vault';
import { insertDeadLetters, type NewDeadLetter } from './dead-letter.repository';
import type { IngestRecord } from './ingest-record';
import { writesChangeEvents } from './outbox.repository';
import { applyParkedRecords } from './park/apply-parked';
import { parkingEnabled } from './park/parked-for';
import { dropSupersededParked, type ParkItem, parkRecords } from './park/parked-records.repository';
import { applyMappedRecords } from './write/apply-changes';
import type { PrepareContext } from './write/entity-spec';
import { StagedRecords } from './write/staged-records';
import { survivorshipOf, type SurvivorshipPolicy } from './write/survivorship';
import { ingestApplySpan } from '../telemetry/ingest-span';
import { sourceRecordKey } from '../domain/source-record-key';

/**
 * What became of one record of a batch; `dead` carries the dead letter's reason code; `parked`:
 * it refers to a row the store does not hold yet and waits for it (src/ingest/park/).
 */
export type IngestOutcome =
  | { status: 'applied' | 'unchanged' | 'stale' }
  | { status: 'dead'; reason: string; stage: DeadLetterStage; message: string }
  | { status: 'parked'; message: string };

/** Counts of one committed batch. */
export interface BatchResult {
  read: number;
  applied: number;
  unchanged: number;
  /** Older versions skipped by the version guard (reason STALE_VERSION). */
  stale: number;
  /** Dead letters stored (records of the batch, and parked records that failed for another reason when applied). */
  deadLetters: number;
  /** Dead letters by reason code. */
  reasons: Record<string, number>;
  /**
   * Of `deadLetters` (and of `reasons`, by reason): parked records, read by an earlier batch, that
   * failed for another reason when applied now. The batch's own records account as
   * read = applied + unchanged + stale + (deadLetters − unparkedDeadLetters) + parked
   * (`ownDeadLetters` in src/ingest/park/own-dead-letters.ts).
   */
  unparkedDeadLetters: number;
  unparkedReasons: Record<string, number>;
  /** Records of the batch parked: they wait for a row they refer to. */
  parked: number;
  /** Records parked earlier (by any batch) that this batch applied, the row they waited for having landed. */
  unparked: number;
  matches: number;
  /** Change events written to the outbox: one per canonical row inserted or changed. */
  events: number;
  /** One outcome per input record, in input order. */
  outcomes: IngestOutcome[];
}

export interface IngestBatchOptions {
  vault: PiiVault;
  /** Time limits, calendar and duty-item mapping for cases (`caseRulesOf(hub.config)`). Default: none (no due time derived). */
  cases?: CaseRules;
  /** Which source's value a field keeps (`survivorshipOf(hub.config)`). Default: all sources equal, the newest version wins. */
  survivorship?: SurvivorshipPolicy;
  /**
   * Write one outbox change event per canonical row inserted or changed. Default `true`; callers
   * with a hub pass `writesChangeEvents(hub.config)` (off in an embedded hub without Kafka).
   */
  changeEvents?: boolean;
  /**
   * Park records whose reference the store does not hold yet, and apply parked records whose
   * reference has landed (src/ingest/park/). Default `true`; callers with a hub pass
   * `parkingEnabled(hub.config)` (off when `ingest.parkedFor` is `0`: such records are dead letters at once).
   */
  parking?: boolean;
  /**
   * Further writes that must commit atomically with the batch: the connector cursor, the
   * consumed Kafka offsets, sync-run counters. Called inside the transaction after the batch.
   */
  alsoInTransaction?: (trx: Transaction<Database>, result: BatchResult) => Promise<void>;
}

/**
 * What every caller with a hub passes: its PII vault, the survivorship policy of its config, and
 * whether its config writes change events.
 */
export function hubIngestOptions(hub: { vault: PiiVault; config: HuijuConfig }): Pick<IngestBatchOptions, 'vault' | 'cases' | 'survivorship' | 'changeEvents' | 'parking'> {
  return { vault: hub.vault, cases: caseRulesOf(hub.config), survivorship: survivorshipOf(hub.config), changeEvents: writesChangeEvents(hub.config), parking: parkingEnabled(hub.config) };
}

/**
 * A batch being read, its mapped records staged eagerly as they are added (`StagedRecords`):
 * hashing, validation, keying and encryption happen on `push`, so a caller that fills the next
 * batch while the current one commits overlaps that CPU work with the database's.
 */
export class StagedBatch {
  readonly records: IngestRecord[] = [];
  readonly mapped: StagedRecords;
  /** Index in `records` of each record in `mapped`. */
  readonly mappedIndex: number[] = [];

  /** `eager: false` prepares a record only when the write path asks (after the version guard). */
  constructor(ctx: PrepareContext, eager = true) {
    this.mapped = new StagedRecords(ctx, eager);
  }

  /** A batch of `records` staged lazily. */
  static of(records: readonly IngestRecord[], ctx: PrepareContext): StagedBatch {
    const batch = new StagedBatch(ctx, false);
    for (const r of records) batch.push(r);
    return batch;
  }

  get length(): number {
    return this.records.length;
  }

  push(record: IngestRecord): void {
    if (record.kind === 'mapped') {
      this.mappedIndex.push(this.records.length);
      this.mapped.push(record);
    }
    this.records.push(record);
  }
}

/**
 * Commits one batch through the write path: canonical rows, lineage, dead letters (records that
 * failed before or in the write path), one outbox change event per canonical row inserted or
 * changed (unless `changeEvents` is false), and the caller's bookkeeping — in one transaction, so a
 * crash anywhere leaves either all of it or none of it.
 *
 * A stale record (an older version of one the store has newer) is skipped and counted, not
 * dead-lettered: it is the expected shape of at-least-once and out-of-order sources, and a replay
 * from scratch would otherwise turn every superseded version into a new dead letter.
 *
 * Out-of-order references (src/ingest/park/): a record rejected `UNRESOLVED_REFERENCE` is parked,
 * not dead-lettered (a newer version replaces a parked one; an older one is `stale`); a parked
 * record whose source record now applies in the same or a newer version is dropped; and after
 * the batch's writes, the parked records whose missing row now exists — written by this batch or
 * by any transaction committed before — are applied through the same write path, in the same
 * transaction. An empty batch does only that last step (what `settleParked` runs on a timer).
 *
 * With tracing on, the batch is a span `ingest.apply` with its counts (src/telemetry/ingest-span.ts).
 */
export async function ingestBatch(db: Kysely<Database>, batch: readonly IngestRecord[] | StagedBatch, options: IngestBatchOptions): Promise<BatchResult> {
  const { records, mapped: staged, mappedIndex } = batch instanceof StagedBatch ? batch : StagedBatch.of(batch, { vault: options.vault, cases: options.cases });
  const mapped = staged.records;
  const ctx = { vault: options.vault, cases: options.cases };
  const parking = options.parking !== false;
  const changeEvents = options.changeEvents !== false;
  const commit = () => db.transaction().execute(async (trx) => {
    const outcomes: IngestOutcome[] = new Array(records.length);
    const letters: NewDeadLetter[] = [];
    records.forEach((r, i) => {
      if (r.kind !== 'mapped') {
        letters.push({ ...origin(r), stage: r.stage, reason: r.reason, message: r.message, payload: r.payload });
        outcomes[i] = { status: 'dead', reason: r.reason, stage: r.stage, message: r.message };
      }
    });
    let matches = 0;
    let events = 0;
    if (mapped.length > 0) {
      const applied = await applyMappedRecords(trx, staged, ctx, options.survivorship, { changeEvents });
      applied.outcomes.forEach((o, j) => {
        if (o !== 'rejected') outcomes[mappedIndex[j]!] = { status: o };
      });
      const toPark: { item: ParkItem; index: number }[] = [];
      for (const rej of applied.rejections) {
        const r = mapped[rej.index]!;
        if (parking && rej.reason === 'UNRESOLVED_REFERENCE' && rej.missing) {
          toPark.push({ index: mappedIndex[rej.index]!, item: { record: r, payloadHash: staged.hashes[rej.index]!, missing: rej.missing, message: rej.message } });
          continue;
        }
        letters.push({ ...origin(r), version: r.version, stage: rej.stage, reason: rej.reason, message: rej.message, payload: r.payload });
        outcomes[mappedIndex[rej.index]!] = { status: 'dead', reason: rej.reason, stage: rej.stage, message: rej.message };
      }
      if (parking) {
        const kept = await parkRecords(trx, toPark.map((p) => p.item), options.vault);
        for (const { item, index } of toPark) {
          // an older version than the one already waiting is superseded, like a stale record
          outcomes[index] = kept.has(sourceRecordKey(item.record)) ? { status: 'parked', message: item.message } : { status: 'stale' };
        }
        // a record that now applied (or was found current or stale) no longer waits in an older version
        await dropSupersededParked(trx, mapped.filter((_, j) => applied.outcomes[j] !== 'rejected'));
      }
      matches += applied.matches;
      events += applied.events;
    }
    let unparked = 0;
    const unparkedReasons: Record<string, number> = {};
    let unparkedDeadLetters = 0;
    if (parking) {
      const u = await applyParkedRecords(trx, { ctx, policy: options.survivorship, changeEvents });
      unparked = u.unparked;
      unparkedDeadLetters = u.letters.length;
      for (const l of u.letters) unparkedReasons[l.reason] = (unparkedReasons[l.reason] ?? 0) + 1;
      letters.push(...u.letters);
      matches += u.matches;
      events += u.events;
    }
    await insertDeadLetters(trx, letters, options.vault);
    const reasons: Record<string, number> = {};
    for (const l of letters) reasons[l.reason] = (reasons[l.reason] ?? 0) + 1;
    const count = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    const result: BatchResult = {
      read: records.length,
      applied: count('applied'),
      unchanged: count('unchanged'),
      stale: count('stale'),
      deadLetters: letters.length,
      reasons,
      unparkedDeadLetters,
      unparkedReasons,
      parked: count('parked'),
      unparked,
      matches,
      events,
      outcomes,
    };
    await options.alsoInTransaction?.(trx, result);
    return result;
  });
  return ingestApplySpan(records, commit);
}

function origin(r: IngestRecord): Pick<NewDeadLetter, 'source' | 'stream' | 'externalId' | 'position' | 'personalFields'> {
  return { source: r.source, stream: r.stream, externalId: r.externalId || null, position: r.position, personalFields: r.personalFields };
}
