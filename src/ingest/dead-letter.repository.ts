import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import type { DeadLetterStage } from '../db/tables/ingestion.table';
import type { PiiVault } from '../pii/pii-vault';
import { maskPersonalFields, type PersonalFields } from '../sdk/personal-fields';
import { boundPayload } from './bounded-payload';
import { canonicalJson, payloadHash } from './payload-hash';

/** A record the hub could not use. */
export interface NewDeadLetter {
  source: string;
  stream: string;
  externalId?: string | null;
  /** The record's version, when it had one (kept for replay). */
  version?: string | null;
  position?: Record<string, unknown>;
  stage: DeadLetterStage;
  reason: string;
  message: string;
  /** The raw payload in clear: hashed as is, stored masked for people and encrypted for replay. */
  payload: unknown;
  /**
   * The personal fields the record's stream declares: the stored masked payload masks them by
   * kind (`maskPersonalFields`). Unset: a record of no connector stream, masked by key-name heuristics.
   */
  personalFields?: PersonalFields;
}

/**
 * Stores dead letters (one statement per 2,000). The payload is stored twice: masked by its
 * stream's personal-field declaration (what people, GraphQL and `huiju dead-letters list` see)
 * and encrypted with the PII key (what a replay maps again). The masked copy is bounded
 * (bounded-payload.ts: past 256 KiB of JSON a `{"$truncated": true, "bytes", "head"}` marker);
 * the encrypted one is always whole. A record
 * already dead-lettered for the same reason and still open is not stored again.
 */
export async function insertDeadLetters(db: Kysely<Database>, letters: readonly NewDeadLetter[], vault: PiiVault): Promise<void> {
  if (letters.length === 0) return;
  for (let i = 0; i < letters.length; i += 2_000) {
    await db
      .insertInto('dead_letter')
      .values(
        letters.slice(i, i + 2_000).map((l) => ({
          source: l.source,
          stream: l.stream,
          external_id: l.externalId ?? null,
          source_version: l.version ?? null,
          position: JSON.stringify(l.position ?? {}),
          stage: l.stage,
          reason_code: l.reason,
          message: l.message,
          payload: l.payload === undefined ? null : JSON.stringify(boundPayload(maskPersonalFields(l.payload, l.personalFields))),
          payload_enc: l.payload === undefined ? null : vault.encrypt(canonicalJson(l.payload)),
          payload_hash: payloadHash(l.payload ?? null),
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'stream', 'payload_hash', 'reason_code']).where('status', '=', 'OPEN').doNothing())
      .execute();
  }
}

/** Which dead letters to list or replay. */
export interface DeadLetterFilter {
  source?: string;
  stream?: string;
  reason?: string;
  status?: 'OPEN' | 'REPLAYED' | 'DISCARDED';
  ids?: readonly string[];
  limit?: number;
}

/** A dead letter as shown to people: masked payload, never the ciphertext. */
export interface DeadLetterView {
  id: string;
  source: string;
  stream: string;
  externalId: string | null;
  position: Record<string, unknown>;
  stage: DeadLetterStage;
  reason: string;
  message: string;
  payload: unknown;
  status: 'OPEN' | 'REPLAYED' | 'DISCARDED';
  replayCount: number;
  createdAt: Date;
  replayedAt: Date | null;
}

/** Dead letters, newest first. */
export async function listDeadLetters(db: Kysely<Database>, filter: DeadLetterFilter = {}): Promise<DeadLetterView[]> {
  let q = db.selectFrom('dead_letter').select(['id', 'source', 'stream', 'external_id', 'position', 'stage', 'reason_code', 'message', 'payload', 'status', 'replay_count', 'created_at', 'replayed_at']);
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.stream) q = q.where('stream', '=', filter.stream);
  if (filter.reason) q = q.where('reason_code', '=', filter.reason);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.ids?.length) q = q.where('id', 'in', [...filter.ids]);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit ?? 100).execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    stream: r.stream,
    externalId: r.external_id,
    position: r.position,
    stage: r.stage,
    reason: r.reason_code,
    message: r.message,
    payload: r.payload,
    status: r.status,
    replayCount: r.replay_count,
    createdAt: r.created_at,
    replayedAt: r.replayed_at,
  }));
}

/** Dead letters by reason code, for summaries. */
export async function countDeadLetters(db: Kysely<Database>, filter: Omit<DeadLetterFilter, 'ids' | 'limit'> = {}): Promise<Record<string, number>> {
  let q = db.selectFrom('dead_letter').select(['reason_code', sql<number>`count(*)`.as('n')]).groupBy('reason_code');
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.stream) q = q.where('stream', '=', filter.stream);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.reason_code, Number(r.n)]));
}

/**
 * Masks the stored payloads of dead letters again from their encrypted copies, with the personal
 * fields their streams declare now (`personalFieldsOf(source, stream)`, `undefined` for no
 * declaration): for dead letters stored before a stream declared its fields, or after a
 * declaration changed. Parse failures and letters without a stored payload are left alone.
 * Returns how many were rewritten.
 */
export async function remaskDeadLetters(
  db: Kysely<Database>,
  vault: PiiVault,
  personalFieldsOf: (source: string, stream: string) => PersonalFields | undefined,
  filter: Pick<DeadLetterFilter, 'source' | 'stream' | 'status'> = {},
): Promise<number> {
  let rewritten = 0;
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('dead_letter').select(['id', 'source', 'stream', 'payload_enc']).where('payload_enc', 'is not', null);
    if (after !== null) q = q.where('id', '>', after);
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.stream) q = q.where('stream', '=', filter.stream);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('id').limit(500).execute();
    if (rows.length === 0) return rewritten;
    for (const r of rows) {
      const clear = JSON.parse(vault.decrypt(r.payload_enc!)) as unknown;
      const masked = JSON.stringify(boundPayload(maskPersonalFields(clear, personalFieldsOf(r.source, r.stream))));
      await db.updateTable('dead_letter').set({ payload: masked }).where('id', '=', r.id).execute();
      rewritten += 1;
    }
    after = rows.at(-1)!.id;
  }
}
