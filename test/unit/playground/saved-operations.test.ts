import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { normaliseGrant } from '../../../src/auth/grant';
import { issueToken } from '../../../src/auth/jwt';
import { loadConfig } from '../../../src/config';
import {
  deleteSaved,
  exportSaved,
  importSaved,
  parseSavedList,
  renameSaved,
  type SavedOperation,
  savedOwner,
  sha256Hex,
  upsertSaved,
} from '../../../src/server/playground/saved-operations';

const op = (id: string, name: string, query = `query ${name.replace(/\W/g, '') || 'Q'} { x }`): SavedOperation => ({
  id,
  name,
  query,
  variables: '{"a": 1}',
  savedAt: '2026-12-06T10:00:00.000Z',
});

describe('saved operations', () => {
  it('sha256Hex agrees with node:crypto on ASCII, Chinese, empty and block-boundary lengths', () => {
    for (const text of ['', 'abc', '网格住户 查询', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'y'.repeat(1000)]) {
      expect(sha256Hex(text), text.slice(0, 10)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('keys the list by a JWT subject (any token of that subject), an API key hash, or anonymous; never the token', async () => {
    const auth = { ...loadConfig({ env: {}, cwd: tmpdir() }).auth, jwtSecret: 'unit-secret-0123456789-abcdefghijklmnop' };
    const grant = normaliseGrant({ role: 'COMMUNITY_STAFF', areas: ['420102002001'] });
    const a1 = await issueToken(auth, grant, { subject: 'analyst-a', ttlSeconds: 600 });
    const a2 = await issueToken(auth, normaliseGrant({ role: 'ADMIN' }), { subject: 'analyst-a', ttlSeconds: 60 });
    const b = await issueToken(auth, grant, { subject: 'analyst-b', ttlSeconds: 600 });
    expect(a1).not.toBe(a2);
    expect(savedOwner(a1)).toEqual(savedOwner(a2));
    expect(savedOwner(`Bearer ${a1}`)).toEqual(savedOwner(a1));
    expect(savedOwner(a1).label).toBe('analyst-a');
    expect(savedOwner(a1).key).toMatch(/^sub-[0-9a-f]{16}$/);
    expect(savedOwner(b).key).not.toBe(savedOwner(a1).key);
    const apiKey = 'hj_Abc123XyzSecretSecretSecretSecretSecret012';
    expect(savedOwner(apiKey)).toEqual({ key: expect.stringMatching(/^key-[0-9a-f]{16}$/), label: 'hj_Abc123X…' });
    expect(savedOwner(apiKey).key).not.toBe(savedOwner(`${apiKey}x`).key);
    // not the hash the hub stores for the key
    expect(createHash('sha256').update(apiKey).digest('hex')).not.toContain(savedOwner(apiKey).key.slice(4));
    expect(savedOwner('')).toEqual({ key: 'anonymous', label: 'anonymous' });
    expect(savedOwner('   ')).toEqual({ key: 'anonymous', label: 'anonymous' });
    for (const t of [a1, apiKey]) expect(JSON.stringify(savedOwner(t))).not.toContain(t.slice(-12));
  });

  it('saves by name (same name replaces, keeping the id), renames, deletes', () => {
    let list = upsertSaved([], op('1', '住户'));
    list = upsertSaved(list, op('2', '工单'));
    list = upsertSaved(list, { ...op('3', '住户'), query: 'query New { y }' });
    expect(list.map((o) => [o.id, o.name, o.query])).toEqual([
      ['1', '住户', 'query New { y }'],
      ['2', '工单', op('2', '工单').query],
    ]);
    const renamed = renameSaved(list, '2', '工单统计', new Date('2026-12-06T11:00:00Z'));
    expect(renamed.map((o) => o.name)).toEqual(['住户', '工单统计']);
    expect(renamed[1]!.savedAt).toBe('2026-12-06T11:00:00.000Z');
    // renaming onto a taken name replaces that one
    expect(renameSaved(renamed, '2', '住户', new Date()).map((o) => o.id)).toEqual(['2']);
    expect(deleteSaved(renamed, '1').map((o) => o.id)).toEqual(['2']);
  });

  it('reads only well-formed entries; garbage is an empty list', () => {
    expect(parseSavedList(null)).toEqual([]);
    expect(parseSavedList('{not json')).toEqual([]);
    expect(parseSavedList('{"a":1}')).toEqual([]);
    expect(parseSavedList(JSON.stringify([op('1', 'a'), { id: 2 }]))).toEqual([op('1', 'a')]);
  });

  it('exports with the owner label and imports back, merging by name; rejects other files', () => {
    const owner = savedOwner('');
    const file = exportSaved([op('1', '住户'), op('2', '工单')], owner, new Date('2026-12-06T12:00:00Z'));
    const parsed = JSON.parse(file);
    expect(parsed).toMatchObject({ format: 'huiju-saved-operations', version: 1, owner: 'anonymous', exportedAt: '2026-12-06T12:00:00.000Z' });
    const result = importSaved([op('9', '住户', 'query Old { z }'), op('8', '其他')], file);
    expect(result.added).toBe(1);
    expect(result.replaced).toBe(1);
    expect(result.list.map((o) => [o.id, o.name])).toEqual([
      ['9', '住户'],
      ['8', '其他'],
      ['2', '工单'],
    ]);
    expect(result.list[0]!.query).toBe(op('1', '住户').query);
    // an id already used by another name gets a new one
    const clash = importSaved([op('2', '别的')], file).list;
    expect(new Set(clash.map((o) => o.id)).size).toBe(3);
    expect(importSaved([], JSON.stringify([op('5', 'bare')])).added).toBe(1);
    expect(() => importSaved([], '{"format":"other","operations":[]}')).toThrow(/not a huiju-saved-operations file/);
    expect(() => importSaved([], 'nope')).toThrow(/not JSON/);
    expect(() => importSaved([], JSON.stringify({ format: 'huiju-saved-operations', operations: [{ id: '1' }] }))).toThrow(/lacks/);
  });
});
