import { type Kysely, sql } from 'kysely';

/**
 * `ingest_member`: the consumer-group member id each `huiju ingest` worker instance had when it
 * last joined its group, keyed by (group, instance id). A worker restarted after a crash reads its
 * predecessor's member id and sends LeaveGroup for it before joining, so the dead member's
 * partitions move at once instead of after the session timeout — static membership emulated for
 * kafkajs, which has none (src/kafka/group-member.ts). `host`, `pid` and `process_token` (random
 * per process, as a restarted container has the same host name and often the same pid) name the
 * process that joined, so a worker does not evict a live one running under the same instance id.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ingest_member (
      consumer_group text not null,
      instance_id text not null,
      member_id text not null,
      host text not null,
      pid integer not null,
      process_token text not null,
      joined_at timestamptz not null default now(),
      primary key (consumer_group, instance_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ingest_member`.execute(db);
}
