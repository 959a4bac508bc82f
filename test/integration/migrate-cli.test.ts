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
    const first = await runCli(['migrate', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(5);
    expect(await query(`select name from hub_setting`, url.toString())).toEqual([{ name: 'pii_key_fingerprint' }]);
    const again = await runCli(['migrate', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    const other = await runCli(['migrate'], { ...env, HUIJU_PII_KEY: randomBytes(32).toString('hex') });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('PII_KEY_MISMATCH');
  });
});
