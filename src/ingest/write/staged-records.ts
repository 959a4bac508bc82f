import type { DeadLetterStage } from '../../db/tables/ingestion.table';
import { sourceRecordKey } from '../../domain/source-record-key';
import { isHuijuError } from '../../errors';
import type { MappedRecord } from '../ingest-record';
import { rememberingHashes } from '../../pii/pii-vault';
import { payloadHash } from '../payload-hash';
import type { EntitySpec, PrepareContext, PreparedRow } from './entity-spec';
import { rejectionStage } from './record-rejection';
import { SPEC_BY_ENTITY } from './specs/index';
import { originOf, type RecordOrigin } from './survivorship';

/** One change of a record after its entity spec validated and keyed it. */
export interface PreparedChange {
  spec: EntitySpec;
  row: PreparedRow;
  /** Made with the SDK's `reference()`: the record only refers to the row. */
  reference: boolean;
}

/** What preparing a record's changes gave: its rows, or why the record cannot be used. */
export type PrepareOutcome = { rows: PreparedChange[] } | { rejection: { stage: DeadLetterStage; reason: string; message: string } };

/**
 * The part of the write path that needs no database: per record its payload hash, its version as
 * a number, its origin (provenance key and entry, lineage fields), and its changes validated,
 * normalised and keyed by their entity specs (keyed hashing and encryption of personal
 * information included). `applyMappedRecords` reads everything per
 * record from here.
 *
 * Built lazily (`StagedRecords.of`), a record is prepared only when the write path asks, i.e.
 * only when the version guard lets it through. Built eagerly (`new StagedRecords(ctx, true)` and
 * `push`), each record is prepared as it is added — the sync runner does this for the next batch
 * while the current one commits, so this CPU work overlaps the database's. Either way the write
 * path sees the same results: a record rejected while preparing is rejected when applied, and an
 * unexpected error is thrown when applied, not when added.
 */
export class StagedRecords {
  readonly records: MappedRecord[] = [];
  /** SHA-256 of each payload's canonical JSON (see payload-hash.ts). */
  readonly hashes: string[] = [];
  /** Each record's version in epoch milliseconds; NaN when it is not an ISO-8601 instant. */
  readonly versions: number[] = [];
  /** Each record's (source, stream, externalId) as one string: the version guard's key. */
  readonly keys: string[] = [];
  private readonly origins: (RecordOrigin | undefined)[] = [];
  private readonly lineage: (string | undefined)[] = [];
  private readonly outcomes: (PrepareOutcome | { error: unknown } | undefined)[] = [];
  private readonly ctx: PrepareContext;

  constructor(
    ctx: PrepareContext,
    private readonly eager: boolean,
  ) {
    // records of a batch name the same people again and again: hash each ID number once per batch
    this.ctx = { ...ctx, vault: rememberingHashes(ctx.vault) };
  }

  /** Stages `records` lazily: hashes and versions now, changes when the write path asks. */
  static of(records: readonly MappedRecord[], ctx: PrepareContext): StagedRecords {
    const staged = new StagedRecords(ctx, false);
    for (const r of records) staged.push(r);
    return staged;
  }

  get length(): number {
    return this.records.length;
  }

  push(record: MappedRecord): void {
    this.records.push(record);
    this.hashes.push(payloadHash(record.payload));
    this.versions.push(new Date(record.version).getTime());
    this.keys.push(sourceRecordKey(record));
    this.outcomes.push(this.eager ? this.attempt(record) : undefined);
    const i = this.records.length - 1;
    // lineage fields are made when an upsert asks (new records' lineage is COPYed from the parts)
    if (this.eager && !Number.isNaN(this.versions[i]!)) this.origin(i);
  }

  /** The record as an origin in `provenance` (survivorship.ts). */
  origin(index: number): RecordOrigin {
    let o = this.origins[index];
    if (!o) this.origins[index] = o = originOf(this.records[index]!, this.versions[index]!);
    return o;
  }

  /**
   * The record's members of a lineage row as JSON, under short names (`lineageInputs` in
   * apply-changes.ts names them): `s` source, `t` stream, `x` external id, `v` version, `h` payload hash.
   */
  lineageFields(index: number): string {
    let text = this.lineage[index];
    if (text === undefined) {
      const r = this.records[index]!;
      text = `"s":${JSON.stringify(r.source)},"t":${JSON.stringify(r.stream)},"x":${JSON.stringify(r.externalId)},"v":"${new Date(this.versions[index]!).toISOString()}","h":"${this.hashes[index]!}"`;
      this.lineage[index] = text;
    }
    return text;
  }

  /** The record's prepared changes, or its rejection. Throws what an unexpected failure threw. */
  prepared(index: number): PrepareOutcome {
    let outcome = this.outcomes[index];
    if (outcome === undefined) this.outcomes[index] = outcome = this.attempt(this.records[index]!);
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  private attempt(record: MappedRecord): PrepareOutcome | { error: unknown } {
    try {
      return {
        rows: record.changes.map((c) => {
          const spec = SPEC_BY_ENTITY.get(c.entity);
          if (!spec) throw Object.assign(new Error(`unknown entity ${c.entity}`), { unknownEntity: true });
          return { spec, row: spec.prepare(c.data as never, this.ctx), reference: c.reference === true };
        }),
      };
    } catch (err) {
      if (isHuijuError(err)) return { rejection: { stage: rejectionStage(err), reason: err.code, message: err.message } };
      if ((err as { unknownEntity?: boolean }).unknownEntity) return { rejection: { stage: 'MAP', reason: 'UNKNOWN_ENTITY', message: (err as Error).message } };
      return { error: err };
    }
  }
}
