import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGEABLE } from '../../src/identity/merge-references';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * A merge must move every reference to the merged-away row, or the delete fails (or, worse, a
 * later migration adds a reference the merge silently misses). The list in merge-references.ts
 * is checked against the foreign keys the migrated schema really has.
 */
describe.each(availableStoreKinds().slice(0, 1))('merge references on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  it('lists every foreign key to a mergeable table', async () => {
    for (const [entity, spec] of Object.entries(MERGEABLE)) {
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        select src.relname as table_name, a.attname as column_name
        from pg_constraint c
        join pg_class src on src.oid = c.conrelid
        join pg_class dst on dst.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
        where c.contype = 'f' and dst.relname = ${spec.table}
        order by 1, 2`.execute(hub.db);
      const declared = spec.references.filter((r) => !r.entity).map((r) => `${r.table}.${r.column}`).sort();
      expect(rows.map((r) => `${r.table_name}.${r.column_name}`), entity).toEqual(declared);
    }
  });
});
