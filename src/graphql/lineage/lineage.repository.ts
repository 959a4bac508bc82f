import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/database';
import type { SourceRecordTable } from '../../db/tables/lineage.table';

export type SourceRecordRow = Pick<Selectable<SourceRecordTable>, 'entity' | 'entity_id' | 'source' | 'stream' | 'external_id' | 'first_seen' | 'last_seen'>;

/**
 * Source records of many canonical rows in one statement. Canonical ids are uuids, unique across
 * tables, so the batch selects by id and the caller checks `entity`.
 */
export async function sourceRecordsOf(db: Kysely<Database>, entityIds: readonly string[]): Promise<SourceRecordRow[]> {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom('source_record')
    .select(['entity', 'entity_id', 'source', 'stream', 'external_id', 'first_seen', 'last_seen'])
    .where((eb) => eb('entity_id', '=', eb.fn.any(eb.val([...entityIds]))))
    .orderBy('entity_id')
    .orderBy('first_seen')
    .execute();
}
