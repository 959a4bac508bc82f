import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/index';
import { loadConfig } from '../../src/config';
import { openStore } from '../../src/db/open-store';
import { isHuijuError } from '../../src/errors';
import { openHub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { resolveSources } from '../../src/ingest/sync/resolve-source';

/** Every entry under `dir` (itself included) whose mode lets group or others in. */
function looseEntries(dir: string): string[] {
  const loose: string[] = [];
  const visit = (path: string) => {
    const s = lstatSync(path);
    if (s.isSymbolicLink()) return;
    if ((s.mode & 0o077) !== 0) loose.push(`${(s.mode & 0o777).toString(8)} ${path}`);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return loose;
}

const silentLogger = () => createLogger({ level: 'silent' });

function hubConfig(dataDir: string) {
  return loadConfig({ env: {}, cwd: join(dataDir, '..'), overrides: { dataDir, logLevel: 'silent' } });
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: Error) => err,
  );
}

describe.skipIf(process.platform === 'win32')('the embedded store folder', () => {
  it('is private (folders 0700, files 0600) after PGlite opened, wrote and closed it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-hygiene-')), 'data');
    const store = await openStore({ dataDir });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(looseEntries(dataDir)).toEqual([]);
      // files PGlite writes while open (a new table, WAL) are private too
      await sql`create table hygiene_probe (name text)`.execute(store.db);
      await sql`insert into hygiene_probe select 'x' || g from generate_series(1, 5000) g`.execute(store.db);
      await sql`checkpoint`.execute(store.db);
      expect(looseEntries(dataDir)).toEqual([]);
    } finally {
      await store.close();
    }
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it('tightens an existing store left readable by others, and says so', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-hygiene-')), 'data');
    await (await openStore({ dataDir })).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'PG_VERSION'), 0o666);
    chmodSync(join(dataDir, 'base'), 0o777);
    const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const store = await openStore({ dataDir, logger: { warn: (fields, message) => warnings.push({ fields, message }) } });
    await store.close();
    expect(looseEntries(dataDir)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('permissions tightened');
    expect(warnings[0]!.fields).toMatchObject({ dataDir, entries: 3 });

    // already private: nothing to say
    const again: unknown[] = [];
    await (await openStore({ dataDir, logger: { warn: (f) => again.push(f) } })).close();
    expect(again).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('the embedded PII key', () => {
  it('is generated 0600 into a fresh folder, refused when others may read it, and never regenerated for a store with data', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-key-')), 'data');
    const keyFile = join(dataDir, 'pii.key');
    const config = hubConfig(dataDir);

    const hub = await openHub(config, { logger: silentLogger() });
    await hub.close();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(looseEntries(dataDir)).toEqual([]);

    chmodSync(keyFile, 0o644);
    const insecure = await failure(openHub(config, { logger: silentLogger() }));
    expect(isHuijuError(insecure, 'PII_KEY_INSECURE')).toBe(true);
    expect(insecure.message).toContain(keyFile);
    expect(insecure.message).toContain(`chmod 600 ${keyFile}`);
    // refused before the store was opened: the key is still as loose as it was (nothing "fixed" it silently)
    expect(statSync(keyFile).mode & 0o777).toBe(0o644);

    chmodSync(keyFile, 0o600);
    await (await openHub(config, { logger: silentLogger() })).close();

    unlinkSync(keyFile);
    const missing = await failure(openHub(config, { logger: silentLogger() }));
    expect(isHuijuError(missing, 'PII_KEY_MISSING')).toBe(true);
    expect(missing.message).toContain(keyFile);
    expect(existsSync(keyFile)).toBe(false);
  });
});

describe('source paths', () => {
  const base = mkdtempSync(join(tmpdir(), 'huiju-paths-'));
  const outside = mkdtempSync(join(tmpdir(), 'huiju-outside-'));
  mkdirSync(join(base, 'exports'));
  writeFileSync(join(base, 'events.jsonl'), '');
  writeFileSync(join(outside, 'events.jsonl'), '');
  symlinkSync(outside, join(base, 'escape'));
  symlinkSync(join(base, 'exports'), join(base, 'inside-link'));

  const resolve = (source: Record<string, unknown>) => {
    const config = loadConfig({ env: {}, cwd: base, overrides: { dataDir: join(base, 'data'), sources: [{ id: 'src', ...source }] } });
    return resolveSources(config, CONNECTORS, {});
  };
  const events = (file: string, extra: Record<string, unknown> = {}) => ({ connector: 'property-events', config: { file }, ...extra });
  const street = (path: string, extra: Record<string, unknown> = {}) => ({ connector: 'street-office', config: { path, streetCode: '420102002' }, ...extra });
  const refusal = (source: Record<string, unknown>): Error & { code?: string } => {
    try {
      resolve(source);
    } catch (err) {
      return err as Error & { code?: string };
    }
    throw new Error('expected the source to be refused');
  };

  it('resolve inside the config folder: relative, absolute inside, through a symlink that stays inside', () => {
    expect(resolve(events('events.jsonl'))[0]!.baseDir).toBe(base);
    resolve(events(join(base, 'events.jsonl')));
    resolve(street('exports'));
    resolve(street('inside-link'));
    resolve(street('exports/not-yet-there'));
  });

  it.each([
    ['an absolute path elsewhere', events('/etc/passwd'), 'file', '/etc/passwd'],
    ['a path through ..', events('../outside.jsonl'), 'file', join(base, '..', 'outside.jsonl')],
    ['a symlink leading out', street('escape'), 'path', outside],
    ['a file behind a symlink leading out', events('escape/events.jsonl'), 'file', join(outside, 'events.jsonl')],
  ])('refuse %s, naming the field', (_what, source, field, shown) => {
    const err = refusal(source);
    expect(isHuijuError(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.message).toContain(`sources[src].config.${field}: resolves outside the config folder (`);
    expect(err.message).toContain(shown);
    expect(err.message).toContain('set allowPathsOutside: true on the source to allow it');
  });

  it('accept a path outside when the source sets allowPathsOutside', () => {
    const [passwd] = resolve(events('/etc/passwd', { allowPathsOutside: true }));
    expect(passwd!.allowPathsOutside).toBe(true);
    resolve(street('escape', { allowPathsOutside: true }));
  });

  it('are confined when the connector reads too (check() answers a config problem)', async () => {
    const connector = CONNECTORS.find((c) => c.id === 'property-events')!;
    const ctx = (allowPathsOutside: boolean) => ({
      config: connector.config.parse({ file: '/etc/passwd' }),
      sourceId: 'src',
      signal: new AbortController().signal,
      baseDir: base,
      allowPathsOutside,
      logger: { debug() {}, info() {}, warn() {} },
    });
    expect(await connector.check(ctx(false))).toMatchObject({ ok: false, kind: 'config', message: expect.stringContaining('resolves outside the config folder') });
    expect(await connector.check(ctx(true))).toMatchObject({ ok: true });
  });
});
