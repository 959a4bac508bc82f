import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FieldProvenance, originKey, originOfColumn } from '../../src/db/field-provenance';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { survivorshipOf } from '../../src/ingest/write/survivorship';
import { change, type CanonicalChange, type OrganizationInput } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const V3 = '2026-06-03T08:00:00+08:00';

/** Street offices rank first, then the committee platform; every other source ranks lowest. */
const policy = survivorshipOf({
  survivorship: { priority: ['street-office-*', 'committee-api'], perEntity: { person: ['committee-api'] } },
});

function rec(source: string, externalId: string, changes: CanonicalChange[], version: string): MappedRecord {
  return { kind: 'mapped', source, stream: 'main', externalId, version, payload: { externalId, version, changes }, changes };
}

/** A valid USCC, a different one per n. */
function uscc(n: number): string {
  const body = `MA49${String(n).padStart(4, '0')}`;
  const first17 = `91420102${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/** A column's origin as an object, or undefined. */
function from(row: { provenance: FieldProvenance }, column: string) {
  const o = originOfColumn(row.provenance, column);
  return o ? { s: o[0], st: o[1], x: o[2], v: o[3] } : undefined;
}

const org = (n: number, data: Omit<OrganizationInput, 'uscc'>) => change('organization', { kind: 'SOCIAL_ORG', uscc: uscc(n), ...data });

describe.each(availableStoreKinds())('survivorship on %s', (kind) => {
  let hub: TestHub;
  const ingest = (records: MappedRecord[]) => ingestBatch(hub.db, records, { vault: hub.vault, survivorship: policy });
  const orgRow = (n: number) => hub.db.selectFrom('organization').selectAll().where('uscc', '=', uscc(n)).executeTakeFirstOrThrow();
  /** The physical row version: changes only when the row is rewritten. */
  const tupleOf = async (n: number) => (await sql<{ ctid: string }>`select ctid::text as ctid from organization where uscc = ${uscc(n)}`.execute(hub.db)).rows[0]!.ctid;

  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  it("keeps a higher-priority source's value against a later lower-priority one, and takes what it did not say", async () => {
    await ingest([rec('street-office-dazhi', 'so-1', [org(1, { name: '同心社工服务中心', address: '大智路1号' })], V1)]);
    const later = await ingest([rec('committee-api', 'c-1', [org(1, { name: '同心服务社', address: '大智路2号', supervisor: '江岸区民政局' })], V3)]);
    expect(later).toMatchObject({ applied: 1, deadLetters: 0 });
    const row = await orgRow(1);
    expect(row).toMatchObject({ name: '同心社工服务中心', address: '大智路1号', supervisor: '江岸区民政局' });
    // a name that did not survive is not recorded as a former name either
    expect(row.former_names).toEqual([]);
    expect(from(row, 'name')).toEqual({ s: 'street-office-dazhi', st: 'main', x: 'so-1', v: new Date(V1).toISOString() });
    expect(from(row, 'address')).toMatchObject({ s: 'street-office-dazhi', x: 'so-1' });
    expect(from(row, 'supervisor')).toEqual({ s: 'committee-api', st: 'main', x: 'c-1', v: new Date(V3).toISOString() });
  });

  it('takes a late-arriving older record of a higher-priority source over a newer lower-priority value', async () => {
    await ingest([rec('committee-api', 'c-2', [org(2, { name: '幸福社区志愿者协会' })], V3)]);
    await ingest([rec('street-office-dazhi', 'so-2', [org(2, { name: '幸福社区志愿服务协会' })], V1)]);
    const row = await orgRow(2);
    expect(row.name).toBe('幸福社区志愿服务协会');
    expect(row.former_names).toEqual(['幸福社区志愿者协会']);
    expect(from(row, 'name')).toMatchObject({ s: 'street-office-dazhi', x: 'so-2', v: new Date(V1).toISOString() });
  });

  it('among equal priorities keeps the most recent version, whatever the arrival order', async () => {
    // neither source is listed: they rank the same
    await ingest([rec('social-org-registry', 'r-3', [org(3, { name: '新名称', address: '一元路3号' })], V2)]);
    await ingest([rec('property-events', 'p-3', [org(3, { name: '旧名称' })], V1)]);
    const kept = await orgRow(3);
    expect(kept.name).toBe('新名称');
    expect(from(kept, 'name')).toMatchObject({ s: 'social-org-registry', v: new Date(V2).toISOString() });
    await ingest([rec('property-events', 'p-3b', [org(3, { name: '更新的名称' })], V3)]);
    const row = await orgRow(3);
    expect(row.name).toBe('更新的名称');
    expect(from(row, 'name')).toMatchObject({ s: 'property-events', x: 'p-3b' });
    // a column the newer record did not say keeps its value and its origin
    expect(row.address).toBe('一元路3号');
    expect(from(row, 'address')).toMatchObject({ s: 'social-org-registry', x: 'r-3', v: new Date(V2).toISOString() });
  });

  it('applies the same rule between the records of one batch, in any order', async () => {
    const low = rec('committee-api', 'c-4', [org(4, { name: '低优先级名称', supervisor: '民政局' })], V3);
    const high = rec('street-office-dazhi', 'so-4', [org(4, { name: '高优先级名称' })], V1);
    await ingest([high, low]);
    await ingest([
      rec('committee-api', 'c-5', [org(5, { name: '低优先级名称五' })], V3),
      rec('street-office-dazhi', 'so-5', [org(5, { name: '高优先级名称五' })], V1),
    ]);
    const four = await orgRow(4);
    expect(four).toMatchObject({ name: '高优先级名称', supervisor: '民政局' });
    expect([from(four, 'name')?.x, from(four, 'supervisor')?.x]).toEqual(['so-4', 'c-4']);
    const five = await orgRow(5);
    expect(five.name).toBe('高优先级名称五');
    expect(from(five, 'name')?.x).toBe('so-5');
  });

  it('does not rewrite a row when nothing survives: a losing value, or its own record repeating it', async () => {
    await ingest([rec('street-office-dazhi', 'so-6', [org(6, { name: '不变的名称' })], V1)]);
    const before = await orgRow(6);
    const tuple = await tupleOf(6);
    await ingest([rec('committee-api', 'c-6', [org(6, { name: '输掉的名称' })], V3)]);
    // a re-export: the record that supplied the value says it again, newer
    await ingest([rec('street-office-dazhi', 'so-6', [org(6, { name: '不变的名称' })], V3)]);
    expect(await tupleOf(6)).toBe(tuple);
    const after = await orgRow(6);
    expect(after.updated_at).toEqual(before.updated_at);
    expect(after.provenance).toEqual(before.provenance);
  });

  it('names the same origin whichever record of equal standing came first', async () => {
    // two records of the same rank say the same value: the later one in (version, origin key) order is its origin
    const first = rec('street-office-dazhi', 'so-8a', [org(8, { name: '同一个名称' })], V2);
    const second = rec('street-office-jianghan', 'so-8b', [org(8, { name: '同一个名称' })], V3);
    await ingest([first]);
    await ingest([second]);
    const inOrder = from(await orgRow(8), 'name');
    expect(inOrder).toMatchObject({ s: 'street-office-jianghan', x: 'so-8b' });
    // the other way round, on another organisation: the same record is named
    await ingest([{ ...second, externalId: 'so-9b', changes: [org(9, { name: '同一个名称' })] }]);
    await ingest([{ ...first, externalId: 'so-9a', changes: [org(9, { name: '同一个名称' })] }]);
    expect(from(await orgRow(9), 'name')).toMatchObject({ s: 'street-office-jianghan', x: 'so-9b' });
    // one version, two records, two values: the record with the greater origin key wins, first or last
    const winner = (x: MappedRecord, y: MappedRecord) => (originKey(x.source, x.stream, x.externalId) > originKey(y.source, y.stream, y.externalId) ? x : y);
    const nameOf = (r: MappedRecord) => (r.changes[0]!.data as { name: string }).name;
    // the winner arrives last for one organisation and first for the other: neither "last wins" nor "first wins" passes both
    const a = rec('street-office-dazhi', 'so-10a', [org(10, { name: '名称甲' })], V2);
    const b = rec('street-office-jianghan', 'so-10b', [org(10, { name: '名称乙' })], V2);
    const w1 = winner(a, b);
    await ingest([w1 === a ? b : a]);
    await ingest([w1]);
    expect((await orgRow(10)).name).toBe(nameOf(w1));
    const c = rec('street-office-jianghan', 'so-11b', [org(11, { name: '名称乙' })], V2);
    const d = rec('street-office-dazhi', 'so-11a', [org(11, { name: '名称甲' })], V2);
    const w2 = winner(c, d);
    await ingest([w2]);
    await ingest([w2 === c ? d : c]);
    expect((await orgRow(11)).name).toBe(nameOf(w2));
    // in one batch too
    const e = rec('street-office-dazhi', 'so-12a', [org(12, { name: '名称甲' })], V2);
    const f = rec('street-office-jianghan', 'so-12b', [org(12, { name: '名称乙' })], V2);
    await ingest([f, e]);
    expect((await orgRow(12)).name).toBe(nameOf(winner(e, f)));
  });

  it('uses a per-entity priority list, and compares ciphertexts through their hashes', async () => {
    const idNumber = '420102199003070010';
    await ingest([rec('street-office-dazhi', 'so-p', [change('person', { idNumber, name: '张三', mobile: '13912345678', ethnicity: '汉族' })], V3)]);
    // for persons the committee platform ranks first; the street office is not listed there
    await ingest([rec('committee-api', 'c-p', [change('person', { idNumber, name: '张叁', mobile: '13800001111' })], V1)]);
    const person = await hub.db.selectFrom('person').selectAll().executeTakeFirstOrThrow();
    expect(person.name).toBe('张叁');
    expect(hub.vault.decrypt(person.mobile_enc!)).toBe('+8613800001111');
    expect(from(person, 'mobile_enc')).toMatchObject({ s: 'committee-api', x: 'c-p' });
    expect(from(person, 'mobile_hash')).toMatchObject({ s: 'committee-api', x: 'c-p' });
    expect(person.ethnicity).toBe('汉族');
    expect(from(person, 'ethnicity')).toMatchObject({ s: 'street-office-dazhi' });
    // the ID ciphertext keeps its first value and origin (keepFirst)
    expect(from(person, 'id_enc')).toMatchObject({ s: 'street-office-dazhi' });
    // the street office again, newer, with another mobile: it ranks lower for persons now
    await ingest([rec('street-office-dazhi', 'so-p', [change('person', { idNumber, name: '张三', mobile: '13912345678' })], '2026-06-04T08:00:00+08:00')]);
    const again = await hub.db.selectFrom('person').selectAll().executeTakeFirstOrThrow();
    expect(hub.vault.decrypt(again.mobile_enc!)).toBe('+8613800001111');
    expect(again.name).toBe('张叁');
  });

  it('still skips a stale version of the same source record with the version guard', async () => {
    await ingest([rec('street-office-dazhi', 'so-7', [org(7, { name: '第二版' })], V2)]);
    const r = await ingest([rec('street-office-dazhi', 'so-7', [org(7, { name: '第一版' })], V1)]);
    expect(r).toMatchObject({ applied: 0, stale: 1 });
    expect((await orgRow(7)).name).toBe('第二版');
  });
});

describe.each(availableStoreKinds())('default survivorship (all sources equal) on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  it('keeps the most recent version across sources and records every said column’s origin', async () => {
    const ingest = (records: MappedRecord[]) => ingestBatch(hub.db, records, { vault: hub.vault });
    await ingest([rec('street-office-dazhi', 'so-1', [org(11, { name: '甲协会', address: '甲路' })], V2)]);
    await ingest([rec('committee-api', 'c-1', [org(11, { name: '乙协会' })], V1)]);
    const row = await hub.db.selectFrom('organization').selectAll().where('uscc', '=', uscc(11)).executeTakeFirstOrThrow();
    expect(row.name).toBe('甲协会');
    expect(Object.keys(row.provenance).sort()).toEqual(['@', 'address', 'kind', 'match_name', 'name', 'name_norm', 'needs_review', 'org_code', 'uscc', 'uscc_checksum_valid']);
    expect(Object.keys(row.provenance['@']!)).toHaveLength(1);
    // a row one record said is sent in the compact form and stored in the full one, exactly
    const key = originKey('street-office-dazhi', 'main', 'so-1');
    expect(row.provenance).toEqual({
      ...Object.fromEntries(['address', 'kind', 'match_name', 'name', 'name_norm', 'needs_review', 'org_code', 'uscc', 'uscc_checksum_valid'].map((c) => [c, key])),
      '@': { [key]: ['street-office-dazhi', 'main', 'so-1', new Date(V2).toISOString()] },
    });
    await ingest([rec('committee-api', 'c-1', [org(11, { name: '乙协会' })], V3)]);
    const later = await hub.db.selectFrom('organization').selectAll().where('uscc', '=', uscc(11)).executeTakeFirstOrThrow();
    expect(later).toMatchObject({ name: '乙协会', address: '甲路', former_names: ['甲协会'] });
    expect(from(later, 'name')).toMatchObject({ s: 'committee-api', v: new Date(V3).toISOString() });
  });
});
