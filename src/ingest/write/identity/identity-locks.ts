import { type Kysely, sql } from 'kysely';
import type { CanonicalEntity } from '../../../sdk/canonical-change';

/**
 * Serialises identity decisions of one entity across concurrent transactions.
 *
 * Matching reads the store ("is there a person with this name and mobile?") and then writes
 * ("create one"). Two transactions doing that at once — two ingest workers, or two partitions of
 * one worker (`partitionsConsumedConcurrently`) — each miss the other's uncommitted row and both
 * create the same person, organisation or building; likewise two cross-channel duplicates
 * written side by side are never linked. A transaction-scoped advisory lock per entity, taken
 * before the first read of the decision and held until commit, makes the second transaction
 * wait and then read what the first committed (READ COMMITTED: a new snapshot per statement).
 *
 * Why one lock per entity and not per match key: a person is matched by ID hash, by name and by
 * mobile (a family phone under another name is a candidate too), so a key-level lock would need
 * several locks per row — thousands per batch, beyond PostgreSQL's lock table — to be correct.
 * The cost is that identity steps of one entity run one at a time; everything before (fetching,
 * decoding, validating, keying) and batches that touch no matched entity still run in parallel.
 * Locks are taken in one fixed order (sorted names), so two batches never wait on each other
 * in a cycle (one statement takes them all, in that order). On the embedded store (one
 * connection) the lock is always free.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function lockIdentityDecisions(db: Kysely<any>, entities: Iterable<CanonicalEntity>): Promise<void> {
  const sorted = [...new Set(entities)].sort();
  if (sorted.length === 0) return;
  // one statement: the function scan yields the array's elements, and takes their locks, in its order
  await sql`select pg_advisory_xact_lock(hashtext('huiju:identity'), hashtext(e)) from unnest(${sorted}::text[]) as e`.execute(db);
}
