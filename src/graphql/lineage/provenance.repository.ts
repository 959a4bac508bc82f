import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { FieldProvenance } from '../../db/field-provenance';
import { PROVENANCE_FIELDS, type ProvenanceEntity } from './provenance.fields';

export interface ProvenanceRow {
  entity: ProvenanceEntity;
  id: string;
  provenance: FieldProvenance;
}

/**
 * The stored provenance of many rows of several entities in one statement (one `union all`
 * branch per entity asked for). The caller already saw these rows: no scope is applied here.
 */
export async function provenanceOfRows(db: Kysely<Database>, ids: ReadonlyMap<ProvenanceEntity, readonly string[]>): Promise<ProvenanceRow[]> {
  const branches = [...ids].filter(([, list]) => list.length > 0).map(
    ([entity, list]) =>
      sql`select ${entity}::text as entity, id, provenance from ${sql.table(PROVENANCE_FIELDS[entity].table)} where id = any(${[...list]}::uuid[])`,
  );
  if (branches.length === 0) return [];
  const { rows } = await sql<ProvenanceRow>`${sql.join(branches, sql` union all `)}`.execute(db);
  return rows;
}
