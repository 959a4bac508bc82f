/**
 * `readFolderTables`, the read loop of a stream fed one table per file: files in export order,
 * unreadable / drifted / mis-encoded files failed once and set aside under the reading setup (read
 * again once it changes), a checkpoint after every file, rows as the stream maps them. Real files
 * in a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue, ReadMessage } from '../../../../src/sdk';
import { AppliedFiles, HeaderResolver, readFolderTables, readingFingerprint } from '../../../../src/sdk/transports/files';
import type { EncodingChoice } from '../../../../src/sdk/transports/files';
import { encodeGbk } from './gbk-encoder';

const resolver = new HeaderResolver({
  name: 'people',
  columns: [
    { name: '编号', required: true },
    { name: '姓名', aliases: ['name'], required: true },
  ],
});

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiju-folder-tables-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function read(folder: string, cursor: JsonValue | null, encoding: EncodingChoice = 'auto') {
  const applied = AppliedFiles.fromCursor(cursor);
  const read: string[] = [];
  const out: ReadMessage[] = [];
  const messages = readFolderTables(
    { folder, applied, resolver, extensions: ['csv', 'xlsx'], fingerprint: readingFingerprint({ encoding }), encoding, signal: new AbortController().signal, onFileRead: (f) => read.push(f.name) },
    (row, file) => ({ type: 'record', data: { file: file.name, ...row.values }, position: row.position }),
  );
  for await (const m of messages) out.push(m);
  const checkpoints = out.filter((m) => m.type === 'checkpoint');
  return { out, read, cursor: (checkpoints.at(-1) as { cursor: JsonValue } | undefined)?.cursor ?? cursor, checkpoints: checkpoints.length };
}

const kinds = (out: ReadMessage[]) => out.map((m) => (m.type === 'failed' ? `failed:${m.reason}` : m.type === 'record' ? `record:${(m.data as { 编号: string }).编号}` : m.type));

describe('readFolderTables', () => {
  it('reads files oldest export first, a checkpoint after each, and nothing again with the cursor', async () => {
    const folder = folderWith({ '人口_20260302.csv': '编号,name\nb1,乙\n', '人口_20260301.csv': '编号,姓名\na1,甲\na2,丙\n' });
    const first = await read(folder, null);
    expect(kinds(first.out)).toEqual(['record:a1', 'record:a2', 'checkpoint', 'record:b1', 'checkpoint']);
    expect(first.read).toEqual(['人口_20260301.csv', '人口_20260302.csv']);
    const again = await read(folder, first.cursor);
    expect(again.out).toEqual([]);
  });

  it('an unreadable file and a drifted one fail once each, are set aside, and are not failed again', async () => {
    const folder = folderWith({ 'a_20260301.xlsx': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13, 0x37, 0x00, 0x01]), 'b_20260302.csv': '编号,电话\nx,1\n', 'c_20260303.csv': '编号,姓名\nc1,丁\n' });
    const first = await read(folder, null);
    expect(kinds(first.out)).toEqual(['failed:UNREADABLE_FILE', 'checkpoint', 'failed:SCHEMA_DRIFT', 'checkpoint', 'record:c1', 'checkpoint']);
    expect(first.read).toEqual(['c_20260303.csv']);
    expect((await read(folder, first.cursor)).out).toEqual([]);
  });

  it('a file not in the declared encoding is set aside until the encoding changes, then read', async () => {
    const folder = folderWith({ 'gbk_20260301.csv': encodeGbk('编号,姓名\ng1,张三\n') });
    const declaredUtf8 = await read(folder, null, 'utf-8');
    expect(kinds(declaredUtf8.out)).toEqual(['failed:ENCODING_MISMATCH', 'checkpoint']);
    expect((await read(folder, declaredUtf8.cursor, 'utf-8')).out).toEqual([]);
    const fixed = await read(folder, declaredUtf8.cursor, 'gb18030');
    expect(kinds(fixed.out)).toEqual(['record:g1', 'checkpoint']);
    expect((fixed.out[0] as { data: { 姓名: string } }).data.姓名).toBe('张三');
  });
});
