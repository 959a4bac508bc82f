/**
 * `huiju migrate` on a fresh PostgreSQL database (the first step of the distributed setup in the
 * README): it creates the schema, records the PII key, reports nothing left to do the second
 * time, and refuses another key.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { describeWithPostgres } from '../support/services';

describeWithPostgres('huiju migrate on a fresh PostgreSQL database', () => {
  const admin = inject('databaseUrl')!;
  const name = `huiju_t_${randomBytes(6).toString('hex')}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const query = async (text: string, connection = admin) => {
    const c = new pg.Client({ connectionString: connection });
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  };
  afterAll(async () => {
    await query(`drop database if exists ${name} with (force)`);
  });

  it('migrates, records the key, is up to date the second time and refuses another key', async () => {
    await query(`create database ${name}`);
    const key = randomBytes(32).toString('hex');
    const env = { DATABASE_URL: url.toString(), HUIJU_PII_KEY: key, LOG_LEVEL: 'silent' };
    // a read never migrates: it says what to run and leaves the database empty
    const read = await runCli(['query', '{ __typename }'], env);
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(/MIGRATIONS_PENDING: .*run `huiju migrate` first/);
    expect(await query(`select count(*)::int as n from pg_tables where schemaname = 'public'`, url.toString())).toEqual([{ n: 0 }]);
    // a database that is not there is named as such, without the password
    const wrong = new URL(url.toString());
    wrong.pathname = `/${name}_missing`;
    wrong.password = 'not-printed';
    const unreachable = await runCli(['query', '{ __typename }'], { ...env, DATABASE_URL: wrong.toString() });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('DATABASE_UNREACHABLE');
    expect(unreachable.stderr).toContain(`${name}_missing`);
    expect(unreachable.stderr).not.toContain('not-printed');
    const first = await runCli(['migrate', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(5);
    expect(await query(`select name from hub_setting`, url.toString())).toEqual([{ name: 'pii_key_fingerprint' }]);
    const again = await runCli(['migrate', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    const migrated = await runCli(['query', '--compact', '{ __typename }'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toEqual({ data: { __typename: 'Query' } });
    const other = await runCli(['migrate'], { ...env, HUIJU_PII_KEY: randomBytes(32).toString('hex') });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('PII_KEY_MISMATCH');
  });
});
