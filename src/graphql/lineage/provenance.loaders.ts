import { originOfColumn } from '../../db/field-provenance';
import type { HubContext } from '../context';
import { type FieldProvenanceType, toFieldProvenanceType } from './field-provenance.type';
import { PROVENANCE_FIELDS, type ProvenanceEntity } from './provenance.fields';
import { provenanceOfRows } from './provenance.repository';

/**
 * Per-field provenance of one canonical row, in the order of the entity's field list; fields
 * with no recorded origin (not said by any source, or stored before provenance was kept) are
 * left out. All rows asked for in a request level share one statement, whatever their entity.
 */
export async function provenanceOf(ctx: HubContext, entity: ProvenanceEntity, id: string): Promise<FieldProvenanceType[]> {
  const loader = ctx.loaders.get<string, FieldProvenanceType[]>('provenance', async (keys) => {
    const ids = new Map<ProvenanceEntity, string[]>();
    for (const k of new Set(keys)) {
      const [e, rowId] = k.split('|') as [ProvenanceEntity, string];
      let list = ids.get(e);
      if (!list) {
        list = [];
        ids.set(e, list);
      }
      list.push(rowId);
    }
    const rows = await provenanceOfRows(ctx.readDb, ids);
    const byKey = new Map<string, FieldProvenanceType[]>();
    for (const row of rows) {
      const out: FieldProvenanceType[] = [];
      for (const [column, field] of Object.entries(PROVENANCE_FIELDS[row.entity].fields)) {
        const origin = originOfColumn(row.provenance, column);
        if (origin) out.push(toFieldProvenanceType(field, origin));
      }
      byKey.set(`${row.entity}|${row.id}`, out);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  });
  return loader.load(`${entity}|${id}`);
}
