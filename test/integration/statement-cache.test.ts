import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/db/open-store';

/**
 * Named prepared statements (src/db/statement-cache.ts) on a real PostgreSQL: reads are prepared
 * once per connection and reused, a connection never holds more than the configured number, and a
 * table changing shape under a prepared `select *` does not fail the next read.
 */
const admin = inject('databaseUrl');

describe.skipIf(!admin)('statement cache (postgres)', () => {
  const name = `huiju_t_${randomBytes(6).toString('hex')}`;
  let store: Store;
  const prepared = async () =>
    (await sql<{ name: string }>`select name from pg_prepared_statements where name like 'huiju_%' and ${1} = 1`.execute(store.db)).rows.map((r) => r.name);

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin! });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    // one connection, so every statement below meets the same session's prepared statements
    store = await openStore({ databaseUrl: url.toString(), dataDir: null, poolSize: 1, statementCacheSize: 3 });
    await sql`create table t (id int primary key, label text)`.execute(store.db);
    await sql`insert into t select g, 'row ' || g from generate_series(1, 50) g`.execute(store.db);
  });
  afterAll(async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: admin! });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  });

  it('prepares a parameterised select once and reuses it, with the right rows each time', async () => {
    for (const id of [3, 17, 42]) {
      const rows = (await sql<{ label: string }>`select label from t where id = ${id}`.execute(store.db)).rows;
      expect(rows).toEqual([{ label: `row ${id}` }]);
    }
    const names = await prepared();
    // the select above and the pg_prepared_statements read itself: one name each, however often run
    expect(names).toHaveLength(2);
  });

  it('keeps at most the configured number per connection, deallocating the least recently used', async () => {
    for (let n = 1; n <= 6; n++) {
      const rows = (await sql<{ c: number }>`select count(*)::int as c from t where id <= ${n * 5} and ${sql.raw(String(n))} = ${n}`.execute(store.db)).rows;
      expect(rows[0]!.c).toBe(n * 5);
    }
    expect((await prepared()).length).toBeLessThanOrEqual(3);
  });

  it('leaves writes unnamed', async () => {
    await sql`update t set label = ${'changed'} where id = ${1}`.execute(store.db);
    const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements where ${1} = 1`.execute(store.db)).rows;
    expect(statements.some((s) => /^\s*update/i.test(s.statement))).toBe(false);
  });

  it('a table changing shape under a prepared select * still reads', async () => {
    const before = (await sql<Record<string, unknown>>`select * from t where id = ${2}`.execute(store.db)).rows;
    expect(Object.keys(before[0]!)).toEqual(['id', 'label']);
    await sql`alter table t add column extra int default 7`.execute(store.db);
    const after = (await sql<Record<string, unknown>>`select * from t where id = ${2}`.execute(store.db)).rows;
    expect(after).toEqual([{ id: 2, label: 'row 2', extra: 7 }]);
  });
});
