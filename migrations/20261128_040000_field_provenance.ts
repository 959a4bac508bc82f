import { type Kysely, sql } from 'kysely';

/** Every table the write path upserts into (one per canonical entity). */
const CANONICAL_TABLES = [
  'admin_area',
  'organization',
  'grid',
  'property_project',
  'building',
  'dwelling',
  'household',
  'person',
  'residency',
  'party_org',
  'party_member',
  'contact_assignment',
  'staff_role',
  'duty_item',
  'case_record',
  'activity',
];

/**
 * Per-field provenance (survivorship): each canonical row keeps, per column, which source record
 * supplied its current value — `{"<column>": "<origin key>", "@": {"<origin key>": [source,
 * stream, externalId, version as ISO-8601 UTC]}}`. Rows written before this migration start with
 * `{}` (unknown provenance: the next value said for a column is taken). A constant default:
 * adding the column rewrites no table. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of CANONICAL_TABLES) {
    await sql`alter table ${sql.table(table)} add column provenance jsonb not null default '{}'::jsonb`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of CANONICAL_TABLES) {
    await sql`alter table ${sql.table(table)} drop column provenance`.execute(db);
  }
}
