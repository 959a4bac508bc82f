import type { HubContext } from '../context';
import { sourceRecordsOf } from './lineage.repository';
import { type SourceRecordType, toSourceRecordType } from './source-record.type';

/**
 * Lineage entity names as the write path records them in `source_record.entity`
 * (camelCase canonical entity names).
 */
export type LineageEntity =
  | 'adminArea' | 'grid' | 'propertyProject' | 'building' | 'dwelling' | 'household' | 'person' | 'residency'
  | 'staffRole' | 'organization' | 'partyOrg' | 'partyMember' | 'contactAssignment' | 'allianceMember' | 'dutyItem' | 'case' | 'activity';

/** The sources of one canonical row; all rows asked for in a request share one statement. */
export async function sourcesOf(ctx: HubContext, entity: LineageEntity, id: string): Promise<SourceRecordType[]> {
  const loader = ctx.loaders.get<string, SourceRecordType[]>('sources', async (keys) => {
    const ids = [...new Set(keys.map((k) => k.slice(k.indexOf('|') + 1)))];
    const rows = await sourceRecordsOf(ctx.readDb, ids);
    const byKey = new Map<string, SourceRecordType[]>();
    for (const row of rows) {
      const key = `${row.entity}|${row.entity_id}`;
      let list = byKey.get(key);
      if (!list) {
        list = [];
        byKey.set(key, list);
      }
      list.push(toSourceRecordType(row));
    }
    return keys.map((k) => byKey.get(k) ?? []);
  });
  return loader.load(`${entity}|${id}`);
}
