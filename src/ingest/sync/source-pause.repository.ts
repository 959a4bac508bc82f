import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';

/** A paused source: the scheduler skips it and `huiju connectors sync` refuses it without `--force`. */
export interface SourcePause {
  sourceId: string;
  pausedAt: Date;
  /** Who paused it: a token subject, `api-key:<id>`, `development` or `cli`. */
  pausedBy: string;
  reason: string | null;
}

/** The pauses of `sourceIds` (every paused source when absent), by source id; a source that runs has none. */
export async function pausesOf(db: Kysely<Database>, sourceIds?: readonly string[]): Promise<Map<string, SourcePause>> {
  if (sourceIds && sourceIds.length === 0) return new Map();
  let q = db.selectFrom('source_pause').selectAll();
  if (sourceIds) q = q.where('source_id', 'in', [...sourceIds]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.source_id, { sourceId: r.source_id, pausedAt: r.paused_at, pausedBy: r.paused_by, reason: r.reason }]));
}

/** Pauses a source; pausing a paused source keeps its first pause (who, when, why). Returns the pause in force. */
export async function insertPause(db: Kysely<Database>, pause: { sourceId: string; pausedBy: string; reason: string | null }): Promise<SourcePause> {
  await db
    .insertInto('source_pause')
    .values({ source_id: pause.sourceId, paused_by: pause.pausedBy, reason: pause.reason })
    .onConflict((oc) => oc.column('source_id').doNothing())
    .execute();
  const row = await db.selectFrom('source_pause').selectAll().where('source_id', '=', pause.sourceId).executeTakeFirstOrThrow();
  return { sourceId: row.source_id, pausedAt: row.paused_at, pausedBy: row.paused_by, reason: row.reason };
}

/** Lifts a source's pause; returns whether it was paused. */
export async function deletePause(db: Kysely<Database>, sourceId: string): Promise<boolean> {
  const rows = await db.deleteFrom('source_pause').where('source_id', '=', sourceId).returning('source_id').execute();
  return rows.length > 0;
}
