import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { expireParkedRecords } from '../../src/ingest/park/expire-parked';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version = V1, payload?: unknown): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: payload ?? { externalId, changes }, changes };
}

const places: MappedRecord[] = [
  rec('s1', 'areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
  rec('s1', 'areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
  // children before parents inside one record and one batch: ranks order them
  rec('s1', 'areas', 'jd', [
    change('adminArea', { code: '420102002003', name: '幸福社区', level: 'community', parentCode: '420102002', isTest: true }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
  ]),
  rec('s1', 'grids', 'g1', [change('grid', { code: '420102002003001', name: '第一网格', communityCode: '420102002003' })]),
];

describe.each(availableStoreKinds())('the write path on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    const r = await ingestBatch(hub.db, places, { vault: hub.vault });
    expect(r).toMatchObject({ applied: 4, deadLetters: 0 });
  });
  afterAll(async () => hub?.destroy());

  it('stores areas with their subtree path and resolves parents written in the same batch', async () => {
    const community = await hub.db.selectFrom('admin_area').selectAll().where('code', '=', '420102002003').executeTakeFirstOrThrow();
    expect(community.path).toBe('420000000000/420100000000/420102000000/420102002000/420102002003');
    const street = await hub.db.selectFrom('admin_area').select('id').where('code', '=', '420102002000').executeTakeFirstOrThrow();
    expect(community.parent_id).toBe(street.id);
    expect(community.is_test).toBe(true);
  });

  it('is idempotent: the same batch again writes no canonical row', async () => {
    const before = await hub.db.selectFrom('admin_area').select(['id', 'updated_at']).orderBy('id').execute();
    const r = await ingestBatch(hub.db, places, { vault: hub.vault });
    expect(r).toMatchObject({ applied: 0, unchanged: 4, stale: 0, deadLetters: 0 });
    const after = await hub.db.selectFrom('admin_area').select(['id', 'updated_at']).orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('unifies one person from several sources whatever the ID spelling, with a match row', async () => {
    const id18 = '420102199003070010';
    const legacy15 = `${id18.slice(0, 6)}${id18.slice(8, 17)}`;
    const fullWidth = id18.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const r = await ingestBatch(
      hub.db,
      [
        rec('s1', 'residents', 'r1', [change('person', { idNumber: id18, name: '张三', mobile: '13912345678' })]),
        rec('s2', 'cases', 'c1', [change('person', { idNumber: legacy15, name: '張三' })]),
        rec('s4', 'repairs', 'e1', [change('person', { idNumber: fullWidth, name: '张 三', mobile: '+86 139-1234-5678' })]),
      ],
      { vault: hub.vault },
    );
    expect(r).toMatchObject({ applied: 3, deadLetters: 0, matches: 2 });
    const persons = await hub.db.selectFrom('person').selectAll().execute();
    expect(persons).toHaveLength(1);
    const p = persons[0]!;
    // the name is stored as one of the sources wrote it (survivorship picks which), its match form is one
    expect(['张三', '張三', '张 三']).toContain(p.name);
    expect(p.name_norm).toBe('张三');
    expect(p.birth_date).toBe('1990-03-07');
    expect(p.sex).toBe('M');
    // no clear identifier in the row; the ciphertext decrypts to the normalised number
    expect(JSON.stringify(p)).not.toContain(id18);
    expect(JSON.stringify(p)).not.toContain('13912345678');
    expect(hub.vault.decrypt(p.id_enc!)).toBe(id18);
    expect(hub.vault.decrypt(p.mobile_enc!)).toBe('+8613912345678');
    const lineage = await hub.db.selectFrom('source_record').select(['source']).where('entity_id', '=', p.id).orderBy('source').execute();
    expect(lineage.map((l) => l.source)).toEqual(['s1', 's2', 's4']);
    const matches = await hub.db.selectFrom('match').select(['method', 'confidence']).where('entity_id', '=', p.id).execute();
    expect(matches).toEqual([
      { method: 'citizen-id-hash', confidence: 1 },
      { method: 'citizen-id-hash', confidence: 1 },
    ]);
  });

  it('never lets an older version overwrite a newer one, in one batch or across batches', async () => {
    const mk = (name: string, version: string) => rec('s3', 'orgs', 'org-1', [change('organization', { kind: 'SOCIAL_ORG', uscc: '91420684MA4927PJ7B', name })], version, { name, version });
    const first = await ingestBatch(hub.db, [mk('旧名称协会', V1), mk('新名称协会', V2)], { vault: hub.vault });
    expect(first).toMatchObject({ applied: 1, stale: 1 });
    const late = await ingestBatch(hub.db, [mk('更旧的名称', '2026-05-01T00:00:00+08:00')], { vault: hub.vault });
    expect(late).toMatchObject({ applied: 0, stale: 1, deadLetters: 0 });
    const org = await hub.db.selectFrom('organization').selectAll().where('uscc', '=', '91420684MA4927PJ7B').executeTakeFirstOrThrow();
    expect(org.name).toBe('新名称协会');
    expect(org.needs_review).toBe(false);
  });

  it('accepts a pilot USCC that fails its check, flagged for review', async () => {
    const r = await ingestBatch(hub.db, [rec('s3', 'orgs', 'pilot', [change('organization', { kind: 'PROPERTY_COMPANY', uscc: '91350100M0001TGQXM', name: '试点物业公司' })])], {
      vault: hub.vault,
    });
    expect(r.applied).toBe(1);
    const org = await hub.db.selectFrom('organization').selectAll().where('uscc', '=', '91350100M0001TGQXM').executeTakeFirstOrThrow();
    expect(org).toMatchObject({ uscc_checksum_valid: false, needs_review: true });
  });

  it('dead-letters bad records with reason codes and masked payloads, and the rest still lands', async () => {
    const badId = '36042619910102009X';
    const r = await ingestBatch(
      hub.db,
      [
        rec('s1', 'residents', 'bad-id', [change('person', { idNumber: badId, name: '李四', mobile: '13800138000' })]),
        rec('s1', 'residents', 'bad-ref', [
          change('household', { householdNo: 'H-9', kind: 'REGISTERED', gridCode: '420102002003009' }),
        ]),
        rec('s1', 'residents', 'garbled', [change('person', { idNumber: '11010519491231002X', name: '锟斤拷' })]),
        rec('s1', 'residents', 'bad-uscc', [change('organization', { kind: 'SOCIAL_ORG', uscc: '91350100M000100Y4Z', name: '某协会' })]),
        { kind: 'failed', source: 's1', stream: 'residents', externalId: 'line-9', position: { file: 'a.csv', line: 9 }, stage: 'PARSE', reason: 'BAD_JSON', message: 'unexpected token', payload: '{"x":' },
        rec('s1', 'residents', 'good', [change('person', { idNumber: '11010519491231002X', name: '王五' })]),
      ],
      { vault: hub.vault },
    );
    expect(r.applied).toBe(1);
    // a grid the hub does not hold yet may still come: the household waits for it (src/ingest/park/) …
    expect(r.reasons).toEqual({ INVALID_ID_CHECKSUM: 1, MOJIBAKE: 1, INVALID_USCC_FORMAT: 1, BAD_JSON: 1 });
    expect(r.parked).toBe(1);
    // … until ingest.parkedFor has passed (here: expired by hand), then it is a dead letter like the rest
    expect(await expireParkedRecords(hub.db, hub.vault, { parkedForMs: 86_400_000, all: true })).toBe(1);
    const letters = await hub.db.selectFrom('dead_letter').selectAll().where('source', '=', 's1').execute();
    expect(letters.map((l) => l.reason_code).sort()).toEqual(['BAD_JSON', 'INVALID_ID_CHECKSUM', 'INVALID_USCC_FORMAT', 'MOJIBAKE', 'UNRESOLVED_REFERENCE']);
    const text = JSON.stringify(letters);
    expect(text).not.toContain(badId);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('李四');
    expect(letters.find((l) => l.reason_code === 'BAD_JSON')!.position).toEqual({ file: 'a.csv', line: 9 });
    // reading the same bad records again does not pile up duplicate dead letters
    const again = await ingestBatch(hub.db, [rec('s1', 'residents', 'bad-id', [change('person', { idNumber: badId, name: '李四', mobile: '13800138000' })])], { vault: hub.vault });
    expect(again.deadLetters).toBe(1);
    expect(await hub.db.selectFrom('dead_letter').select('id').where('reason_code', '=', 'INVALID_ID_CHECKSUM').execute()).toHaveLength(1);
  });

  it('rejects a record whose target was itself rejected in the same batch', async () => {
    const r = await ingestBatch(
      hub.db,
      [
        rec('s1', 'grids', 'bad-grid', [change('grid', { code: '420102002003000', name: '零号网格', communityCode: '420102002003' })]),
        rec('s1', 'households', 'h', [change('household', { householdNo: 'H-1', kind: 'RESIDENT', gridCode: '420102002003000' })]),
      ],
      { vault: hub.vault },
    );
    expect(r.reasons).toEqual({ INVALID_GRID_CODE: 2 });
  });

  it('commits nothing of a batch when the same transaction fails later', async () => {
    await expect(
      ingestBatch(hub.db, [rec('s1', 'grids', 'g2', [change('grid', { code: '420102002003002', name: '第二网格', communityCode: '420102002003' })])], {
        vault: hub.vault,
        alsoInTransaction: async () => {
          throw new Error('cursor write failed');
        },
      }),
    ).rejects.toThrow('cursor write failed');
    expect(await hub.db.selectFrom('grid').select('id').where('code', '=', '420102002003002').execute()).toHaveLength(0);
    expect(await hub.db.selectFrom('source_record').select('id').where('external_id', '=', 'g2').execute()).toHaveLength(0);
  });

  it('replaces a case’s events and handlers with the newest version’s', async () => {
    const org = { uscc: '91110000600037341L', name: '某物业服务有限公司', kind: 'PROPERTY_COMPANY' as const };
    const caseV = (events: number, version: string) =>
      rec('s2', 'cases', 'T-1', [
        change('organization', { ...org }),
        change('case', {
          sourceSystem: 'committee-api',
          sourceNo: 'T-1',
          kind: 'APPEAL',
          status: events === 2 ? 'ACCEPTED' : 'DISPATCHED',
          reportedAt: '2026-06-01T09:00:00+08:00',
          communityCode: '420102002003',
          gridCode: '420102002003001',
          content: '请联系 13912345678，身份证 420102199003070010',
          handlers: [{ org, role: 'LEAD' }],
          events: [
            { seq: 1, from: null, to: 'REPORTED', at: '2026-06-01T09:00:00+08:00' },
            { seq: 2, from: 'REPORTED', to: 'ACCEPTED', at: '2026-06-01T10:00:00+08:00', actorOrg: org },
            ...(events === 3 ? [{ seq: 3, from: 'ACCEPTED', to: 'DISPATCHED', at: '2026-06-01T11:00:00+08:00' }] : []),
          ],
        }),
      ], version, { events, version });
    await ingestBatch(hub.db, [caseV(2, V1)], { vault: hub.vault });
    await ingestBatch(hub.db, [caseV(3, V2)], { vault: hub.vault });
    const c = await hub.db.selectFrom('case_record').selectAll().where('source_no', '=', 'T-1').executeTakeFirstOrThrow();
    expect(c.status).toBe('DISPATCHED');
    expect(c.content).not.toContain('13912345678');
    expect(c.content).not.toContain('420102199003070010');
    const events = await hub.db.selectFrom('case_event').select(['seq', 'to_status']).where('case_id', '=', c.id).orderBy('seq').execute();
    expect(events).toEqual([
      { seq: 1, to_status: 'REPORTED' },
      { seq: 2, to_status: 'ACCEPTED' },
      { seq: 3, to_status: 'DISPATCHED' },
    ]);
    expect(await hub.db.selectFrom('case_handler').select('role').where('case_id', '=', c.id).execute()).toEqual([{ role: 'LEAD' }]);
  });

  // an organisation of its own: the case test above names another firm with this one's kind at another version
  it('never resets what a change did not say: a reference keeps a cancelled organisation cancelled, a person keeps tags', async () => {
    await ingestBatch(
      hub.db,
      [
        rec('s3', 'orgs', 'cancelled', [change('organization', { kind: 'SOCIAL_ORG', uscc: '91420102MA4K00037E', name: '某物业服务有限公司', status: 'CANCELLED' })], V1),
        rec('s1', 'residents', 'tagged', [change('person', { idNumber: '440524188001010014', name: '赵六', tags: ['独居老人'] })], V1),
      ],
      { vault: hub.vault },
    );
    // another source only refers to both, in a newer record
    const r = await ingestBatch(
      hub.db,
      [
        rec('s2', 'cases', 'ref', [
          change('organization', { uscc: '91420102MA4K00037E', name: '某物业服务有限公司' }),
          change('person', { idNumber: '440524188001010014', name: '赵六', mobile: '13800138000' }),
        ], V2),
      ],
      { vault: hub.vault },
    );
    expect(r.applied).toBe(1);
    const org = await hub.db.selectFrom('organization').select(['kind', 'status']).where('uscc', '=', '91420102MA4K00037E').executeTakeFirstOrThrow();
    expect(org).toEqual({ kind: 'SOCIAL_ORG', status: 'CANCELLED' });
    const person = await hub.db.selectFrom('person').select(['tags', 'mobile_hash']).where('name', '=', '赵六').executeTakeFirstOrThrow();
    expect(person.tags).toEqual(['独居老人']);
    expect(person.mobile_hash).not.toBeNull();
  });

  it('keeps a renamed organisation’s previous name (the USCC stays, the name changes)', async () => {
    const mk = (name: string, version: string) => rec('s3', 'orgs', 'renamed', [change('organization', { kind: 'SOCIAL_ORG', uscc: '91350100M000100Y43', name })], version, { name });
    await ingestBatch(hub.db, [mk('江岸区同心服务社', V1)], { vault: hub.vault });
    await ingestBatch(hub.db, [mk('江岸区同心社会工作服务中心', V2)], { vault: hub.vault });
    const org = await hub.db.selectFrom('organization').select(['name', 'former_names']).where('uscc', '=', '91350100M000100Y43').executeTakeFirstOrThrow();
    expect(org).toEqual({ name: '江岸区同心社会工作服务中心', former_names: ['江岸区同心服务社'] });
  });
});
