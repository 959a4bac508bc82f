import { sql } from 'kysely';
import { HuijuError } from '../../errors';
import type { Hub } from '../../hub';

/**
 * Runs `fn` while holding the sync lock of one source stream, so two processes (a scheduled sync
 * in `huiju start` and a manual `huiju connectors sync`) never read and commit the same cursor at
 * once. On PostgreSQL it is a session advisory lock on a connection kept for the run; the
 * embedded store is one process's anyway (its data-dir lock), and the scheduler never overlaps a
 * source with itself.
 */
export async function withSyncLock<T>(hub: Hub, sourceId: string, stream: string, fn: () => Promise<T>): Promise<T> {
  if (hub.store.kind !== 'postgres') return fn();
  const key = `${sourceId}/${stream}`;
  return hub.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext('huiju:sync'), hashtext(${key})) as locked`.execute(conn);
    if (!rows[0]?.locked) {
      throw new HuijuError('SYNC_IN_PROGRESS', `${key} is being synced by another process; try again when it has finished`, { source: sourceId, stream });
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext('huiju:sync'), hashtext(${key}))`.execute(conn);
    }
  });
}
