import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store';
import { databaseUrl, describeWithPostgres } from '../support/services';

async function show(url: string, setting: string): Promise<string> {
  const store = await openStore({ databaseUrl: url, dataDir: null });
  try {
    const { rows } = await sql<{ v: string }>`select current_setting(${setting}) as v`.execute(store.db);
    return rows[0]!.v;
  } finally {
    await store.close();
  }
}

/** Every hub connection starts with JIT off (src/db/open-store.ts `startupOptions`), keeping what the URL's own `options` set. */
describeWithPostgres('store connection settings', () => {
  it('turns JIT compilation off for the hub\'s connections', async () => {
    expect(await show(databaseUrl(), 'jit')).toBe('off');
  });

  it('keeps the options the database URL gives', async () => {
    const url = new URL(databaseUrl());
    url.searchParams.set('options', '-c work_mem=7MB');
    expect(await show(url.toString(), 'work_mem')).toBe('7MB');
    expect(await show(url.toString(), 'jit')).toBe('off');
  });
});
