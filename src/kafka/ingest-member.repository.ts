import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/** The member a worker instance had at its last join, and the process that joined. */
export interface StoredMember {
  memberId: string;
  host: string;
  pid: number;
  /** Random per process: tells this process from an earlier one with the same host and pid (a restarted container). */
  processToken: string;
}

/** The member `instance` of `group` had at its last join, or `null` when none is stored. */
export async function loadMember(db: Kysely<Database>, group: string, instance: string): Promise<StoredMember | null> {
  const row = await db
    .selectFrom('ingest_member')
    .select(['member_id', 'host', 'pid', 'process_token'])
    .where('consumer_group', '=', group)
    .where('instance_id', '=', instance)
    .executeTakeFirst();
  return row ? { memberId: row.member_id, host: row.host, pid: row.pid, processToken: row.process_token } : null;
}

/** The member id `instance` of `group` had at its last join, or `null`. */
export async function loadMemberId(db: Kysely<Database>, group: string, instance: string): Promise<string | null> {
  return (await loadMember(db, group, instance))?.memberId ?? null;
}

/** Stores the member `instance` of `group` was given at its join (replacing the previous one). */
export async function saveMember(db: Kysely<Database>, m: { group: string; instance: string } & StoredMember): Promise<void> {
  const values = { member_id: m.memberId, host: m.host, pid: m.pid, process_token: m.processToken, joined_at: new Date() };
  await db
    .insertInto('ingest_member')
    .values({ consumer_group: m.group, instance_id: m.instance, ...values })
    .onConflict((oc) => oc.columns(['consumer_group', 'instance_id']).doUpdateSet(values))
    .execute();
}
