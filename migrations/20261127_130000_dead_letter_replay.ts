import { type Kysely, sql } from 'kysely';

/**
 * Dead letters keep, besides the masked payload shown to people, the raw payload encrypted with
 * the PII key, and the record's external id and version: `huiju dead-letters replay` decrypts
 * and maps it again after a mapping or alias fix. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table dead_letter add column payload_enc text;
    alter table dead_letter add column external_id text;
    alter table dead_letter add column source_version timestamptz;
    alter table dead_letter add column replay_count integer not null default 0;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table dead_letter drop column replay_count;
    alter table dead_letter drop column source_version;
    alter table dead_letter drop column external_id;
    alter table dead_letter drop column payload_enc;
  `.execute(db);
}
