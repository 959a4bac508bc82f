import { sql } from 'kysely';
import { HuijuError } from '../../errors';
import type { Hub } from '../../hub';

/**
 * Source streams whose lock this process holds on the embedded store (PGlite has no advisory
 * locks worth having: it is one process's). A `resetStream` through the API of a running hub and
 * the hub's own scheduled sync meet here.
 */
const heldInProcess = new WeakMap<Hub, Set<string>>();

/**
 * Runs `fn` while holding the sync lock of one source stream, so two processes (a scheduled sync
 * in `huiju start` and a manual `huiju connectors sync`) never read and commit the same cursor at
 * once. On PostgreSQL it is a session advisory lock on a connection kept for the run; the
 * embedded store is one process's anyway (its data-dir lock), and there the lock is held in
 * process.
 */
export async function withSyncLock<T>(hub: Hub, sourceId: string, stream: string, fn: () => Promise<T>): Promise<T> {
  return withSyncLocks(hub, sourceId, [stream], fn);
}

/**
 * Runs `fn` while holding the sync locks of several streams of one source (all on one
 * connection), e.g. to reset a stream only while no stream of its source is being synced. Takes
 * none when one is held elsewhere: fails with `SYNC_IN_PROGRESS` naming it, before `fn` runs.
 */
export async function withSyncLocks<T>(hub: Hub, sourceId: string, streams: readonly string[], fn: () => Promise<T>): Promise<T> {
  const keys = [...new Set(streams)].map((stream) => ({ stream, key: `${sourceId}/${stream}` }));
  const busy = (k: { stream: string; key: string }) =>
    new HuijuError('SYNC_IN_PROGRESS', `${k.key} is being synced by another process; try again when it has finished`, { source: sourceId, stream: k.stream });
  if (hub.store.kind !== 'postgres') {
    const mine = heldInProcess.get(hub) ?? new Set<string>();
    heldInProcess.set(hub, mine);
    const held = keys.find((k) => mine.has(k.key));
    if (held) throw busy(held);
    for (const k of keys) mine.add(k.key);
    try {
      return await fn();
    } finally {
      for (const k of keys) mine.delete(k.key);
    }
  }
  return hub.db.connection().execute(async (conn) => {
    const taken: string[] = [];
    try {
      for (const k of keys) {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext('huiju:sync'), hashtext(${k.key})) as locked`.execute(conn);
        if (!rows[0]?.locked) throw busy(k);
        taken.push(k.key);
      }
      return await fn();
    } finally {
      for (const key of taken.reverse()) await sql`select pg_advisory_unlock(hashtext('huiju:sync'), hashtext(${key}))`.execute(conn);
    }
  });
}

/**
 * Which of `keys` (`<source>/<stream>`) are being synced now: their sync lock is held — by any
 * process on PostgreSQL (read on the primary, where the locks live), by this hub on the embedded
 * store (the only process that can sync it). A `sync_run` still RUNNING whose lock is free was cut
 * short (its process stopped).
 */
export async function syncingStreams(hub: Hub, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  if (hub.store.kind !== 'postgres') {
    const mine = heldInProcess.get(hub);
    return new Set(keys.filter((k) => mine?.has(k)));
  }
  const { rows } = await sql<{ key: string }>`
    select k.key from unnest(${[...keys]}::text[]) as k(key)
    where exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = hashtext('huiju:sync')::oid and l.objid = hashtext(k.key)::oid
    )`.execute(hub.db);
  return new Set(rows.map((r) => r.key));
}
