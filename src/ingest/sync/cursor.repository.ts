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
