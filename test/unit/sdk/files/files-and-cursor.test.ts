import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppliedFiles, chinaTime, exportTimeFromName, exportTimeOf, globToRegExp, hashFile, listFiles, pendingFiles, readingFingerprint, sha256Hex } from '../../../../src/sdk/transports/files';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huiju-files-'));
  await mkdir(join(dir, 'sub'));
  for (const [name, text] of [
    ['b.csv', 'x'],
    ['a.CSV', 'y'],
    ['人口_20240301.csv', 'z'],
    ['人口_20240301 (1).csv', 'z'],
    ['notes.txt', 'n'],
    ['.hidden.csv', 'h'],
    ['~$lock.xlsx', 'l'],
    ['sub/c.csv', 'c'],
  ] as const) {
    await writeFile(join(dir, name), text);
  }
  await utimes(join(dir, 'b.csv'), new Date('2024-01-02T00:00:00Z'), new Date('2024-01-02T00:00:00Z'));
  await utimes(join(dir, 'a.CSV'), new Date('2024-01-03T00:00:00Z'), new Date('2024-01-03T00:00:00Z'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listFiles', () => {
  it('lists by extension, sorted by code point, skipping hidden and lock files and sub-folders', async () => {
    expect((await listFiles(dir, { extensions: ['csv', 'xlsx'] })).map((f) => f.name)).toEqual(['a.CSV', 'b.csv', '人口_20240301 (1).csv', '人口_20240301.csv']);
  });

  it('filters by glob and descends when the glob crosses folders', async () => {
    expect((await listFiles(dir, { glob: '人口*.csv' })).map((f) => f.name)).toEqual(['人口_20240301 (1).csv', '人口_20240301.csv']);
    expect((await listFiles(dir, { glob: '**/c.csv' })).map((f) => f.name)).toEqual(['sub/c.csv']);
    expect(globToRegExp('*.csv').test('sub/c.csv')).toBe(false);
    expect(globToRegExp('**/*.csv').test('c.csv')).toBe(true);
  });

  it('fails with PATH_NOT_FOUND (a config failure naming the folder) for a missing folder, not a bare ENOENT', async () => {
    await expect(listFiles(join(dir, 'nope'))).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', kind: 'config', message: `folder ${join(dir, 'nope')} does not exist` });
  });

  it('skips a symbolic link that leads outside the folder unless told to follow it; links inside are read', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'huiju-links-'));
    const outside = await mkdtemp(join(tmpdir(), 'huiju-outside-'));
    try {
      await writeFile(join(outside, 'secret.csv'), 'a,b\n1,2\n');
      await writeFile(join(folder, 'real.csv'), 'a,b\n1,2\n');
      await symlink(join(outside, 'secret.csv'), join(folder, 'leak.csv'));
      await symlink(join(folder, 'real.csv'), join(folder, 'alias.csv'));
      expect((await listFiles(folder, { extensions: ['csv'] })).map((f) => f.name)).toEqual(['alias.csv', 'real.csv']);
      expect((await listFiles(folder, { extensions: ['csv'], followLinksOutside: true })).map((f) => f.name)).toEqual(['alias.csv', 'leak.csv', 'real.csv']);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('content hash', () => {
  it('is the SHA-256 of the bytes', async () => {
    expect(await hashFile(join(dir, 'b.csv'))).toBe(sha256Hex(new TextEncoder().encode('x')));
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('export time', () => {
  it('reads a date (and time) from the name, in China time', () => {
    expect(exportTimeFromName('人口_20240301.csv')).toEqual({ instant: '2024-03-01T00:00:00+08:00', date: '2024-03-01', from: 'name' });
    expect(exportTimeFromName('grids-2024-03-01T0830.xlsx')).toMatchObject({ instant: '2024-03-01T08:30:00+08:00' });
    expect(exportTimeFromName('dir/2023.12.31 235959.csv')).toMatchObject({ instant: '2023-12-31T23:59:59+08:00' });
  });

  it('ignores digit runs that are not dates: area codes, impossible days', () => {
    expect(exportTimeFromName('420102002000.csv')).toBeNull();
    expect(exportTimeFromName('人口_20240231.csv')).toBeNull();
    expect(exportTimeFromName('人口.csv')).toBeNull();
  });

  it('falls back to the modification time, as China time', () => {
    expect(chinaTime(new Date('2024-01-02T20:00:00.900Z'))).toBe('2024-01-03T04:00:00+08:00');
    expect(exportTimeOf({ name: 'b.csv', mtime: new Date('2024-01-02T20:00:00Z') })).toEqual({ instant: '2024-01-03T04:00:00+08:00', date: '2024-01-03', from: 'mtime' });
  });
});

describe('AppliedFiles and pendingFiles', () => {
  it('round-trips through JSON, sorted, and only grows', () => {
    const applied = AppliedFiles.fromCursor(null);
    applied.add('bb');
    applied.add('aa');
    applied.advance('2024-03-01T00:00:00+08:00');
    applied.advance('2024-01-01T00:00:00+08:00');
    applied.skip('cc', 'fp1');
    const cursor = applied.toCursor({ extra: 1 });
    expect(cursor).toEqual({ extra: 1, files: ['aa', 'bb'], skipped: ['cc#fp1'], latest: '2024-03-01T00:00:00+08:00' });
    const again = AppliedFiles.fromCursor(JSON.parse(JSON.stringify(cursor)));
    expect(again.has('aa') && again.has('bb')).toBe(true);
    expect(again.isOlderThanLatest('2024-02-01T00:00:00+08:00')).toBe(true);
    expect(again.wasSkipped('cc', 'fp1')).toBe(true);
    expect(again.wasSkipped('cc', 'fp2')).toBe(false);
    expect(AppliedFiles.fromCursor(['x']).has('x')).toBe(true);
    expect(AppliedFiles.fromCursor('garbage').size).toBe(0);
  });

  it('skips files applied before and copies of another file, sorted by export time', async () => {
    const applied = AppliedFiles.fromCursor({ files: [sha256Hex(new TextEncoder().encode('y'))], latest: null });
    const pending = await pendingFiles(dir, applied, { extensions: ['csv'] });
    expect(pending.map((f) => f.name)).toEqual(['b.csv', '人口_20240301 (1).csv']);
    expect(pending[1]!.exportTime.from).toBe('name');
    // the key: content hash, plus the export time a name carries
    expect(pending[0]!.key).toBe(sha256Hex(new TextEncoder().encode('x')));
    expect(pending[1]!.key).toBe(`${sha256Hex(new TextEncoder().encode('z'))}@2024-03-01T00:00:00+08:00`);
  });

  it('leaves out files set aside under the same reading setup, not under another', async () => {
    const applied = AppliedFiles.fromCursor(null);
    const fp = readingFingerprint({ headerAliases: { 姓名: ['名字'] }, encoding: 'auto' });
    expect(readingFingerprint({ encoding: 'auto', headerAliases: { 姓名: ['名字'] } })).toBe(fp);
    applied.skip(sha256Hex(new TextEncoder().encode('x')), fp);
    expect((await pendingFiles(dir, applied, { extensions: ['csv'], fingerprint: fp })).map((f) => f.name)).not.toContain('b.csv');
    const other = readingFingerprint({ headerAliases: {}, encoding: 'auto' });
    expect((await pendingFiles(dir, applied, { extensions: ['csv'], fingerprint: other })).map((f) => f.name)).toContain('b.csv');
  });

  it('reads an export equal in content to an applied one when its name carries another export time', async () => {
    const z = sha256Hex(new TextEncoder().encode('z'));
    const applied = AppliedFiles.fromCursor({ files: [`${z}@2024-02-01T00:00:00+08:00`], latest: null });
    expect((await pendingFiles(dir, applied, { glob: '人口*' })).map((f) => f.name)).toEqual(['人口_20240301 (1).csv']);
    applied.add(`${z}@2024-03-01T00:00:00+08:00`);
    expect(await pendingFiles(dir, applied, { glob: '人口*' })).toEqual([]);
  });
});
