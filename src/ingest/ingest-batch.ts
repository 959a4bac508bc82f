import { type CaseRules, caseRulesOf } from '../flow/case-rules';
import type { Kysely, Transaction } from 'kysely';
import type { HuijuConfig } from '../config';
import type { Database } from '../db/database';
import type { DeadLetterStage } from '../db/tables/ingestion.table';
import type { PiiVault } from '../pii/pii-vault';
import { insertDeadLetters, type NewDeadLetter } from './dead-letter.repository';
import type { IngestRecord } from './ingest-record';
import { insertChangeEvents, writesChangeEvents } from './outbox.repository';
import { applyMappedRecords } from './write/apply-changes';
import type { PrepareContext } from './write/entity-spec';
import { StagedRecords } from './write/staged-records';
import { survivorshipOf, type SurvivorshipPolicy } from './write/survivorship';

/** What became of one record of a batch; `dead` carries the dead letter's reason code. */
export type IngestOutcome = { status: 'applied' | 'unchanged' | 'stale' } | { status: 'dead'; reason: string; stage: DeadLetterStage; message: string };

/** Counts of one committed batch. */
export interface BatchResult {
  read: number;
  applied: number;
  unchanged: number;
  /** Older versions skipped by the version guard (reason STALE_VERSION). */
  stale: number;
  deadLetters: number;
  /** Dead letters by reason code. */
  reasons: Record<string, number>;
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
   * Further writes that must commit atomically with the batch: the connector cursor, the
   * consumed Kafka offsets, sync-run counters. Called inside the transaction after the batch.
   */
  alsoInTransaction?: (trx: Transaction<Database>, result: BatchResult) => Promise<void>;
}

/**
 * What every caller with a hub passes: its PII vault, the survivorship policy of its config, and
 * whether its config writes change events.
 */
export function hubIngestOptions(hub: { vault: PiiVault; config: HuijuConfig }): Pick<IngestBatchOptions, 'vault' | 'cases' | 'survivorship' | 'changeEvents'> {
  return { vault: hub.vault, cases: caseRulesOf(hub.config), survivorship: survivorshipOf(hub.config), changeEvents: writesChangeEvents(hub.config) };
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
 */
export async function ingestBatch(db: Kysely<Database>, batch: readonly IngestRecord[] | StagedBatch, options: IngestBatchOptions): Promise<BatchResult> {
  const { records, mapped: staged, mappedIndex } = batch instanceof StagedBatch ? batch : StagedBatch.of(batch, { vault: options.vault, cases: options.cases });
  const mapped = staged.records;
  return db.transaction().execute(async (trx) => {
    const outcomes: IngestOutcome[] = new Array(records.length);
    const letters: NewDeadLetter[] = [];
    records.forEach((r, i) => {
      if (r.kind !== 'mapped') {
        letters.push({ ...origin(r), stage: r.stage, reason: r.reason, message: r.message, payload: r.payload });
        outcomes[i] = { status: 'dead', reason: r.reason, stage: r.stage, message: r.message };
      }
    });
    const applied = await applyMappedRecords(trx, staged, { vault: options.vault, cases: options.cases }, options.survivorship);
    applied.outcomes.forEach((o, j) => {
      if (o !== 'rejected') outcomes[mappedIndex[j]!] = { status: o };
    });
    for (const rej of applied.rejections) {
      const r = mapped[rej.index]!;
      letters.push({ ...origin(r), version: r.version, stage: rej.stage, reason: rej.reason, message: rej.message, payload: r.payload });
      outcomes[mappedIndex[rej.index]!] = { status: 'dead', reason: rej.reason, stage: rej.stage, message: rej.message };
    }
    await insertDeadLetters(trx, letters, options.vault);
    const events = options.changeEvents === false ? 0 : await insertChangeEvents(trx, applied.written, mapped);
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
      matches: applied.matches,
      events,
      outcomes,
    };
    await options.alsoInTransaction?.(trx, result);
    return result;
  });
}

function origin(r: IngestRecord): Pick<NewDeadLetter, 'source' | 'stream' | 'externalId' | 'position' | 'personalFields'> {
  return { source: r.source, stream: r.stream, externalId: r.externalId || null, position: r.position, personalFields: r.personalFields };
}
