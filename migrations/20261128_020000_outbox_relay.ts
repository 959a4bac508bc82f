import { type Kysely, sql } from 'kysely';

/**
 * The outbox relay publishes an event only when no earlier unpublished event of the same entity
 * row exists (so several relays keep one row's events in order); this index answers that check
 * without scanning the backlog. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index outbox_unpublished_entity_idx on outbox (entity_id, seq) where published_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_unpublished_entity_idx`.execute(db);
}
