import { randomUUID } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import { copyLine, copyRows } from '../db/copy-rows';
import type { HuijuConfig } from '../config';
import { maskFreeText } from '../domain/masking';
import type { CanonicalEntity } from '../sdk/canonical-change';
import type { MappedRecord } from './ingest-record';
import type { WrittenRow } from './write/apply-changes';

/**
 * Whether the write path writes change events under this config: `outbox.enabled` when set,
 * else exactly when Kafka is configured (events exist to be published by the relay).
 */
export function writesChangeEvents(config: Pick<HuijuConfig, 'outbox' | 'kafka'>): boolean {
  return config.outbox.enabled ?? config.kafka.brokers !== undefined;
}

/** What happened to the canonical row an event is about. */
export type ChangeOperation = 'created' | 'updated';

/**
 * The `data` of a change event (the outbox row's `payload`, the CloudEvent's `data`). A reference,
 * not a copy: consumers read the row's current state through the API, where the caller's role and
 * area scope decide what is masked. No personal information: source keys are masked like free text.
 */
export interface ChangeEventData {
  /** Canonical entity name (`person`, `case`, …). */
  entity: CanonicalEntity;
  /** The row's id (uuid). */
  id: string;
  operation: ChangeOperation;
  /** The source records that said the change (newest version each), with masked keys. */
  sources: { source: string; stream: string; externalId: string; version: string }[];
}

/** CloudEvents `type` of a change: `cn.huiju.person.updated`. */
export function changeEventType(entity: string, operation: ChangeOperation): string {
  return `cn.huiju.${entity}.${operation}`;
}

/** Builds the event data of one written row from the batch's records. */
export function changeEventData(row: WrittenRow, records: readonly MappedRecord[]): ChangeEventData {
  return {
    entity: row.entity,
    id: row.id,
    operation: row.inserted ? 'created' : 'updated',
    sources: row.records.map((i) => {
      const r = records[i]!;
      return { source: r.source, stream: r.stream, externalId: maskFreeText(r.externalId), version: r.version };
    }),
  };
}

/** The outbox columns a change event's COPY writes; `seq` and `created_at` take their defaults. */
const OUTBOX_COLUMNS = ['event_id', 'type', 'entity', 'entity_id', 'payload'];

/**
 * The COPY statements (src/db/copy-rows.ts) that write one change event per canonical row a batch
 * inserted or changed, one per 5,000 events, and how many events they hold. A row written twice in
 * one batch (two natural keys resolving to one row) gets one event, `created` if either write
 * created it. The write path sends them in the batch's transaction, right after its lineage
 * (`applyMappedRecords` with `changeEvents`), so an event exists exactly when its change
 * committed; the sequence numbers follow the batch's write order.
 */
export function changeEventCopies(written: readonly WrittenRow[], records: readonly MappedRecord[]): { statements: CompiledQuery[]; events: number } {
  if (written.length === 0) return { statements: [], events: 0 };
  const byRow = new Map<string, WrittenRow>();
  for (const w of written) {
    const key = `${w.entity}\u0000${w.id}`;
    const seen = byRow.get(key);
    if (!seen) byRow.set(key, { ...w, records: [...w.records] });
    else {
      seen.inserted ||= w.inserted;
      for (const r of w.records) if (!seen.records.includes(r)) seen.records.push(r);
    }
  }
  const events = [...byRow.values()].map((w) => changeEventData(w, records));
  const statements: CompiledQuery[] = [];
  for (let i = 0; i < events.length; i += 5_000) {
    // the event ids are made here: the column's default (gen_random_uuid(), the server's strong
    // random source) costs the server about 2.5 µs a row, a quarter of the row's whole COPY
    const data: string[] = [];
    for (const e of events.slice(i, i + 5_000)) data.push(copyLine([randomUUID(), changeEventType(e.entity, e.operation), e.entity, e.id, JSON.stringify(e)]));
    statements.push(copyRows('outbox', OUTBOX_COLUMNS, data));
  }
  return { statements, events: events.length };
}
