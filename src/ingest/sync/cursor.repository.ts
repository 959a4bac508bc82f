import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { JsonValue } from '../../sdk/connector';

/** The last committed cursor of a source stream, or `null` before its first checkpoint. */
export async function getCursor(db: Kysely<Database>, sourceId: string, stream: string): Promise<JsonValue | null> {
  const row = await db.selectFrom('connector_cursor').select('cursor').where('source_id', '=', sourceId).where('stream', '=', stream).executeTakeFirst();
  return row ? (row.cursor as JsonValue) : null;
}

/** Stores a cursor; call it inside the transaction that commits the records before the checkpoint. */
export async function saveCursor(db: Kysely<Database>, sourceId: string, stream: string, cursor: JsonValue): Promise<void> {
  const value = JSON.stringify(cursor);
  await db
    .insertInto('connector_cursor')
    .values({ source_id: sourceId, stream, cursor: value })
    .onConflict((oc) => oc.columns(['source_id', 'stream']).doUpdateSet({ cursor: value, updated_at: new Date() }))
    .execute();
}

/** Forgets a stream's cursor (`huiju connectors sync --full`). */
export async function clearCursor(db: Kysely<Database>, sourceId: string, stream: string): Promise<void> {
  await db.deleteFrom('connector_cursor').where('source_id', '=', sourceId).where('stream', '=', stream).execute();
}

/** A stream's stored cursor and when it was committed. */
export interface StoredCursor {
  sourceId: string;
  stream: string;
  cursor: JsonValue;
  updatedAt: Date;
}

/** The stored cursors of `sourceIds`, every stream, in one statement (ordered by source, stream). */
export async function cursorsOf(db: Kysely<Database>, sourceIds: readonly string[]): Promise<StoredCursor[]> {
  if (sourceIds.length === 0) return [];
  const rows = await db.selectFrom('connector_cursor').selectAll().where('source_id', 'in', [...sourceIds]).orderBy('source_id').orderBy('stream').execute();
  return rows.map((r) => ({ sourceId: r.source_id, stream: r.stream, cursor: r.cursor as JsonValue, updatedAt: r.updated_at }));
}

/**
 * Forgets the cursors of `streams` of a source (every stream when `streams` is absent) and returns
 * the streams that had one, sorted. Used by `resetStreams` (src/ingest/sync/source-control.ts).
 */
export async function clearCursors(db: Kysely<Database>, sourceId: string, streams?: readonly string[]): Promise<string[]> {
  let q = db.deleteFrom('connector_cursor').where('source_id', '=', sourceId);
  if (streams) {
    if (streams.length === 0) return [];
    q = q.where('stream', 'in', [...streams]);
  }
  return (await q.returning('stream').execute()).map((r) => r.stream).sort();
}
