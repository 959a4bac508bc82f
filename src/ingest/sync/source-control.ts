import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { HuijuError } from '../../errors';
import type { Hub } from '../../hub';
import { clearCursors } from './cursor.repository';
import type { ResolvedSource } from './resolve-source';
import { withSyncLocks } from './source-lock';
import { deletePause, insertPause, pausesOf, type SourcePause } from './source-pause.repository';

/**
 * Operator control of a source, one implementation for the GraphQL mutations (`resetStream`,
 * `pauseSource`, `resumeSource`) and the CLI (`huiju connectors reset|sync`):
 * - a **reset** forgets stream cursors so the next sync reads from the start (the cursor is the
 *   stream's whole read state — for file sources the files applied and the newest snapshot);
 *   applied rows stay. It is refused (`SYNC_IN_PROGRESS`) while any stream of the source is being
 *   synced, by taking the sync locks of all its streams (src/ingest/sync/source-lock.ts);
 * - a **pause** is kept in the store (`source_pause`): the scheduler skips the source and
 *   `connectors sync` refuses it without `--force`. A sync already running finishes.
 *
 * `audit`, when given, runs first in the transaction of the change (the access-log row of a
 * GraphQL caller): if it fails, nothing changes.
 */
export type AuditHook = (trx: Kysely<Database>) => Promise<unknown>;

/** The streams of `source` named by `names` (all of them when absent); `NOT_FOUND` naming any it does not have. */
export function streamsOf(source: ResolvedSource, names?: readonly string[]): string[] {
  const known = source.connector.streams.map((s) => s.name);
  if (!names) return known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new HuijuError('NOT_FOUND', `source ${source.id} has no stream ${unknown.join(', ')} (streams: ${known.join(', ')})`, { source: source.id, streams: unknown });
  }
  return [...new Set(names)];
}

/**
 * Forgets the cursors of `streams` of `source` (all when absent) while no stream of the source is
 * being synced; returns the streams that had a cursor, sorted.
 */
export async function resetStreams(hub: Hub, source: ResolvedSource, streams?: readonly string[], audit?: AuditHook): Promise<string[]> {
  const chosen = streamsOf(source, streams);
  return withSyncLocks(hub, source.id, streamsOf(source), () =>
    hub.db.transaction().execute(async (trx) => {
      await audit?.(trx);
      return clearCursors(trx, source.id, streams ? chosen : undefined);
    }),
  );
}

/** Pauses `sourceId` (idempotent: a second pause keeps the first's who, when and why); returns the pause in force. */
export async function pauseSource(db: Kysely<Database>, sourceId: string, by: { actor: string; reason?: string | null }, audit?: AuditHook): Promise<SourcePause> {
  return db.transaction().execute(async (trx) => {
    await audit?.(trx);
    return insertPause(trx, { sourceId, pausedBy: by.actor, reason: by.reason ?? null });
  });
}

/** Lifts the pause of `sourceId`; returns whether it was paused. */
export async function resumeSource(db: Kysely<Database>, sourceId: string, audit?: AuditHook): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await audit?.(trx);
    return deletePause(trx, sourceId);
  });
}

/** The pause of `sourceId`, or `null` when it runs. */
export async function pauseOf(db: Kysely<Database>, sourceId: string): Promise<SourcePause | null> {
  return (await pausesOf(db, [sourceId])).get(sourceId) ?? null;
}

export { pausesOf, type SourcePause };
