import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { mergeEntities, undoMerge } from '../../src/identity/merge-entities';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const COMMUNITY = '420102002003';

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version = V1): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, changes, version }, changes };
}

/** A valid USCC from its first 16 characters (org-code and USCC check characters computed). */
function uscc(first16: string): string {
  const first17 = `${first16}${orgCodeCheckChar(first16.slice(8, 16))}`;
  return `${first17}${usccCheckChar(first17)}`;
}

/** A valid 18-digit ID number from its first 17 digits. */
const citizenId = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;
const ID = { a: citizenId('42010219900307001'), b: citizenId('42010219850101001'), c1: citizenId('42010219700101001'), c2: citizenId('42010219750202001'), d: citizenId('42010219681212001') };
const ASSOCIATION = uscc('5142010250000001');

const places: MappedRecord[] = [
  rec('s1', 'areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
  rec('s1', 'areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
  rec('s1', 'areas', 'ja', [
    change('adminArea', { code: COMMUNITY, name: '幸福社区', level: 'community', parentCode: '420102002', isTest: true }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
  ]),
];

const residents: MappedRecord[] = [
  rec('s1', 'residents', 'a', [change('person', { idNumber: ID.a, name: '张三', mobile: '13912345678' })]),
  rec('s1', 'residents', 'b', [change('person', { idNumber: ID.b, name: '李四', mobile: '13800000001' })]),
  // two people with one name and one (family) phone
  rec('s1', 'residents', 'c1', [change('person', { idNumber: ID.c1, name: '王五', mobile: '13700000002' })]),
  rec('s1', 'residents', 'c2', [change('person', { idNumber: ID.c2, name: '王五', mobile: '13700000002' })]),
  rec('s1', 'residents', 'd', [change('person', { idNumber: ID.d, name: '赵六', mobile: '13600000003' })]),
  rec('s3', 'organizations', 'assoc', [change('organization', { uscc: ASSOCIATION, name: '幸福社区志愿者协会', kind: 'SOCIAL_ORG', areaCode: COMMUNITY })]),
];

/** A case from a channel that knows its reporter by name and phone only. */
function reportedCase(source: string, no: string, name: string, mobile: string, version = V1): MappedRecord {
  const reporter = { name, mobile };
  return rec(source, 'cases', no, [
    change('person', reporter),
    change('case', { sourceSystem: source, sourceNo: no, kind: 'APPEAL', status: 'REPORTED', reportedAt: '2026-06-01T08:00:00+08:00', communityCode: COMMUNITY, reporter }),
  ], version);
}

const personByCase = async (hub: TestHub, no: string) =>
  (await hub.db.selectFrom('case_record').select('reporter_person_id').where('source_no', '=', no).executeTakeFirstOrThrow()).reporter_person_id;
const matchOf = async (hub: TestHub, source: string, externalId: string, entity: string) =>
  hub.db
    .selectFrom('source_record as s')
    .leftJoin('match as m', 'm.source_record_id', 's.id')
    .select(['s.entity_id', 'm.method', 'm.confidence'])
    .where('s.source', '=', source)
    .where('s.external_id', '=', externalId)
    .where('s.entity', '=', entity)
    .executeTakeFirstOrThrow();

describe.each(availableStoreKinds())('identity matching on %s', (kind) => {
  let hub: TestHub;
  const idOf = new Map<string, string>();
  beforeAll(async () => {
    hub = await createTestHub(kind);
    await ingestBatch(hub.db, places, { vault: hub.vault });
    const r = await ingestBatch(hub.db, residents, { vault: hub.vault });
    expect(r).toMatchObject({ applied: residents.length, deadLetters: 0 });
    for (const [k, id] of Object.entries(ID)) {
      const lineage = await hub.db.selectFrom('source_record').select('entity_id').where('source', '=', 's1').where('external_id', '=', k).executeTakeFirstOrThrow();
      idOf.set(id, lineage.entity_id);
    }
  });
  afterAll(async () => hub?.destroy());

  it('attaches a reporter without an ID number to the one person with that name and mobile (name-mobile, confidence < 1)', async () => {
    const before = await hub.db.selectFrom('person').select('id').execute();
    const r = await ingestBatch(hub.db, [reportedCase('s2', 'T-1', '張三', '+86 139-1234-5678')], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
    expect(await personByCase(hub, 'T-1')).toBe(idOf.get(ID.a));
    expect(await hub.db.selectFrom('person').select('id').execute()).toHaveLength(before.length);
    const m = await matchOf(hub, 's2', 'T-1', 'person');
    expect(m).toMatchObject({ entity_id: idOf.get(ID.a), method: 'name-mobile' });
    expect(Number(m.confidence)).toBeLessThan(1);
    // the stored person keeps its ID number
    const a = await hub.db.selectFrom('person').select(['id_hash', 'natural_key']).where('id', '=', idOf.get(ID.a)!).executeTakeFirstOrThrow();
    expect(a.id_hash).not.toBeNull();
    expect(a.natural_key.startsWith('pid:')).toBe(true);
  });

  it('matches the same evidence from another source in the same batch too, and a second version adds nothing', async () => {
    const r = await ingestBatch(hub.db, [reportedCase('s4', 'WX-1', '张三', '13912345678'), reportedCase('s2', 'T-1', '张三', '13912345678', V2)], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 2, deadLetters: 0 });
    expect(await personByCase(hub, 'WX-1')).toBe(idOf.get(ID.a));
    expect(await matchOf(hub, 's4', 'WX-1', 'person')).toMatchObject({ method: 'name-mobile' });
    expect(await hub.db.selectFrom('match_review').select('id').execute()).toEqual([]);
  });

  it('makes an ambiguous reporter a new person and queues a review listing both candidates', async () => {
    const r = await ingestBatch(hub.db, [reportedCase('s2', 'T-2', '王五', '13700000002')], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
    const created = (await personByCase(hub, 'T-2'))!;
    expect([idOf.get(ID.c1), idOf.get(ID.c2)]).not.toContain(created);
    const reviews = await hub.db.selectFrom('match_review').selectAll().execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ entity: 'person', entity_id: created, reason: 'AMBIGUOUS', status: 'OPEN', source: 's2', stream: 'cases', external_id: 'T-2' });
    expect([...reviews[0]!.candidate_ids].sort()).toEqual([idOf.get(ID.c1), idOf.get(ID.c2)].sort());
    // no match row: the record created its row
    expect((await matchOf(hub, 's2', 'T-2', 'person')).method).toBeNull();
    // the same record again (a new version) neither queues again nor creates another person
    await ingestBatch(hub.db, [reportedCase('s2', 'T-2', '王五', '13700000002', V2)], { vault: hub.vault });
    expect(await hub.db.selectFrom('match_review').select('id').execute()).toHaveLength(1);
    expect(await personByCase(hub, 'T-2')).toBe(created);
  });

  it('queues a weak match (the mobile of a person with another name) and creates a new person; nothing alike → just a new person', async () => {
    await ingestBatch(
      hub.db,
      [reportedCase('s4', 'WX-2', '赵陆', '13600000003'), reportedCase('s4', 'WX-3', '钱七', '13500000004'), reportedCase('s2', 'T-3', '錢七', '135-0000-0004')],
      { vault: hub.vault },
    );
    const weak = (await personByCase(hub, 'WX-2'))!;
    expect(weak).not.toBe(idOf.get(ID.d));
    const review = await hub.db.selectFrom('match_review').selectAll().where('entity_id', '=', weak).executeTakeFirstOrThrow();
    expect(review).toMatchObject({ reason: 'WEAK_MATCH', candidate_ids: [idOf.get(ID.d)] });
    expect(review.evidence).toEqual({ name: false, mobile: true, birthDate: false });
    const alone = (await personByCase(hub, 'WX-3'))!;
    expect(await hub.db.selectFrom('match_review').select('id').where('entity_id', '=', alone).execute()).toEqual([]);
    const row = await hub.db.selectFrom('person').select(['id_hash', 'mobile_hash', 'natural_key']).where('id', '=', alone).executeTakeFirstOrThrow();
    expect(row.id_hash).toBeNull();
    expect(row.mobile_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.natural_key.startsWith('pev:')).toBe(true);
    // the same new reporter through another channel in the same batch: one person, matched by name + mobile
    expect(await personByCase(hub, 'T-3')).toBe(alone);
    expect(await matchOf(hub, 's2', 'T-3', 'person')).toMatchObject({ method: 'name-mobile' });
    expect((await matchOf(hub, 's4', 'WX-3', 'person')).method).toBeNull();
  });

  it('gives a person first known by name and phone their ID number when the street office lists them later (order does not matter)', async () => {
    await ingestBatch(hub.db, [reportedCase('s4', 'WX-5', '孙九', '13400000005')], { vault: hub.vault });
    const early = (await personByCase(hub, 'WX-5'))!;
    const idNumber = citizenId('42010219920505001');
    const r = await ingestBatch(hub.db, [rec('s1', 'residents', 'sun', [change('person', { idNumber, name: '孙九', mobile: '13400000005' })])], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
    const row = await hub.db.selectFrom('person').select(['id', 'id_hash', 'natural_key']).where('id', '=', early).executeTakeFirstOrThrow();
    expect(row.id_hash).toBe(hub.vault.hash('citizen-id', idNumber));
    expect(row.natural_key).toBe(`pid:${row.id_hash}`);
    expect(await matchOf(hub, 's1', 'sun', 'person')).toMatchObject({ entity_id: early, method: 'name-mobile' });
    // later sightings by name and phone, and by ID number, land on the same row
    await ingestBatch(hub.db, [reportedCase('s2', 'T-5', '孙九', '13400000005'), rec('s1', 'residents', 'sun-2', [change('person', { idNumber, name: '孙九' })])], { vault: hub.vault });
    expect(await personByCase(hub, 'T-5')).toBe(early);
    expect((await matchOf(hub, 's1', 'sun-2', 'person')).entity_id).toBe(early);
    expect(await hub.db.selectFrom('person').select('id').where('name_norm', '=', '孙九').execute()).toHaveLength(1);
  });

  it('rejects a person known by name alone (MISSING_FIELD), without losing the record', async () => {
    const r = await ingestBatch(hub.db, [rec('s2', 'residents', 'nameless', [change('person', { name: '孙八' })])], { vault: hub.vault });
    expect(r).toMatchObject({ deadLetters: 1, reasons: { MISSING_FIELD: 1 } });
  });

  it('matches an organisation by its old organisation code and by name within its area', async () => {
    const assoc = await hub.db.selectFrom('organization').select(['id']).where('uscc', '=', ASSOCIATION).executeTakeFirstOrThrow();
    const before = (await hub.db.selectFrom('organization').select('id').execute()).length;
    const r = await ingestBatch(
      hub.db,
      [
        rec('s2', 'organizations', 'by-code', [change('organization', { orgCode: ASSOCIATION.slice(8, 17), name: '幸福社区志愿者协会(旧)', kind: 'SOCIAL_ORG' })]),
        rec('s2', 'organizations', 'by-name', [change('organization', { name: '幸福社区 志愿者协会', kind: 'OTHER', areaCode: COMMUNITY })]),
      ],
      { vault: hub.vault },
    );
    expect(r).toMatchObject({ applied: 2, deadLetters: 0 });
    expect((await hub.db.selectFrom('organization').select('id').execute()).length).toBe(before);
    expect(await matchOf(hub, 's2', 'by-code', 'organization')).toMatchObject({ entity_id: assoc.id, method: 'org-code' });
    expect(await matchOf(hub, 's2', 'by-name', 'organization')).toMatchObject({ entity_id: assoc.id, method: 'name-area' });
    // the USCC stays; the kind a name-only mention guessed does not replace the registry's
    const stored = await hub.db.selectFrom('organization').select(['uscc', 'kind', 'natural_key']).where('id', '=', assoc.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ uscc: ASSOCIATION, kind: 'SOCIAL_ORG', natural_key: `uscc:${ASSOCIATION}` });
  });

  it('recognises the street office’s 小区 + 楼栋 building in the firm’s project + number, and the other way round', async () => {
    const firm = uscc('9142010255500001');
    const s1 = (no: string, estate: string, building: string) => rec('s1', 'dwellings', no, [change('building', { communityCode: COMMUNITY, buildingNo: `${estate}${building}` })]);
    const s4 = (id: string, code: string, name: string, buildings: string[]) =>
      rec('s4', 'projects', id, [
        change('organization', { uscc: firm, name: '湖北同心物业管理有限公司', kind: 'PROPERTY_COMPANY' }),
        change('propertyProject', { code, name, communityCode: COMMUNITY, company: { uscc: firm, name: '湖北同心物业管理有限公司' } }),
        ...buildings.map((no) => change('building', { communityCode: COMMUNITY, projectCode: code, buildingNo: no, floors: 18 })),
      ]);
    // S1 first, then the firm's project (with its buildings) in one event
    await ingestBatch(hub.db, [s1('d-1', '幸福小区', '3栋')], { vault: hub.vault });
    const r = await ingestBatch(hub.db, [s4('p-1', 'JA-XF-001', '幸福小区', ['3', '4'])], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
    const buildings = await hub.db.selectFrom('building').select(['id', 'natural_key', 'building_no', 'floors', 'project_id']).where('community_id', 'is not', null).orderBy('natural_key').execute();
    expect(buildings.map((b) => b.natural_key)).toEqual([`c:${COMMUNITY}:幸福小区3`, 'p:JA-XF-001:4']);
    expect(buildings[0]).toMatchObject({ building_no: '幸福小区3', floors: 18 });
    expect(buildings[0]!.project_id).not.toBeNull();
    const m = await hub.db
      .selectFrom('source_record as s')
      .innerJoin('match as m', 'm.source_record_id', 's.id')
      .select(['m.method'])
      .where('s.source', '=', 's4')
      .where('s.entity', '=', 'building')
      .execute();
    expect(m).toEqual([{ method: 'estate-building-no' }]);
    // a repair order on building 3 of the project lands on the same building
    await ingestBatch(
      hub.db,
      [rec('s4', 'repairs', 'WX-B', [change('case', { sourceSystem: 's4', sourceNo: 'WX-B', kind: 'REPAIR', status: 'REPORTED', reportedAt: V1, building: { communityCode: '', projectCode: 'JA-XF-001', buildingNo: '3' } })])],
      { vault: hub.vault },
    );
    expect((await hub.db.selectFrom('case_record').select('building_id').where('source_no', '=', 'WX-B').executeTakeFirstOrThrow()).building_id).toBe(buildings[0]!.id);
    // the street office's export naming building 4 later lands on the firm's
    await ingestBatch(hub.db, [s1('d-2', '幸福小区', '4栋')], { vault: hub.vault });
    expect((await hub.db.selectFrom('building').select('id').execute()).length).toBe(buildings.length);
  });

  it('links one matter reported through two channels (the same reporter however spelled, category, building, hours apart), never merges it', async () => {
    const kase = (source: string, no: string, category: string, at: string, reporter: CanonicalChange[], ref: Record<string, unknown>) =>
      rec(source, 'cases', no, [...reporter, change('case', { sourceSystem: source, sourceNo: no, kind: 'APPEAL', status: 'REPORTED', category, reportedAt: at, communityCode: COMMUNITY, ...ref })]);
    await ingestBatch(
      hub.db,
      [
        kase('committee', 'L-1', '环境卫生', '2026-06-01T09:00:00+08:00', [], { reporterIdNumber: ID.b, address: '幸福里3栋2单元501' }),
        // the same matter phoned in to 12345 two days later, the caller known by name and phone only, the address written another way
        kase('12345', 'L-2', '环境卫生', '2026-06-03T10:00:00+08:00', [change('person', { name: '李四', mobile: '13800000001' })], { reporter: { name: '李四', mobile: '13800000001' }, address: '江岸区幸福里小区3号楼' }),
        // another matter of the same person (other category), and one a month later
        kase('12345', 'L-3', '噪声扰民', '2026-06-02T10:00:00+08:00', [], { reporterIdNumber: ID.b }),
        kase('12345', 'L-4', '环境卫生', '2026-07-05T10:00:00+08:00', [], { reporterIdNumber: ID.b }),
      ],
      { vault: hub.vault },
    );
    const { rows } = await sql<{ a: string; b: string; method: string }>`
      select a.source_no as a, b.source_no as b, l.method from case_link l join case_record a on a.id = l.case_id join case_record b on b.id = l.linked_case_id`.execute(hub.db);
    expect(rows.map((r) => [r.a, r.b].sort().join('|'))).toEqual(['L-1|L-2']);
    expect(rows[0]!.method).toBe('reporter-category-building-hours');
    expect(await hub.db.selectFrom('case_record').select('id').where('source_no', 'in', ['L-1', 'L-2']).execute()).toHaveLength(2);
    // applying the same cases again adds no link
    await ingestBatch(hub.db, [kase('committee', 'L-1', '环境卫生', '2026-06-01T09:00:00+08:00', [], { reporterIdNumber: ID.b, address: '幸福里3栋2单元501', title: '又来' })], { vault: hub.vault });
    expect((await hub.db.selectFrom('case_link').select('id').execute()).length).toBe(1);
  });

  it('merges the ambiguous new person into a candidate, and undoing the merge restores the store exactly', async () => {
    const review = await hub.db.selectFrom('match_review').selectAll().where('reason', '=', 'AMBIGUOUS').executeTakeFirstOrThrow();
    const target = idOf.get(ID.c1)!;
    const source = review.entity_id;
    // give the new person a residency-like reference the target also has: a participation in one activity
    await ingestBatch(
      hub.db,
      [rec('s2', 'activities', 'act-1', [change('activity', { key: 'ACT-1', type: '志愿服务', title: '清洁家园', participants: [{ personIdNumber: ID.c1, hours: 2 }] })])],
      { vault: hub.vault },
    );
    const act = await hub.db.selectFrom('activity').select('id').where('natural_key', '=', 'ACT-1').executeTakeFirstOrThrow();
    await hub.db.insertInto('activity_participant').values({ activity_id: act.id, person_id: source, hours: 1 }).execute();
    const before = await snapshot(hub);

    const merged = await mergeEntities(hub.db, 'person', target, source, 'test-operator');
    expect(merged.status).toBe('MERGED');
    expect(merged.droppedRows).toBe(1);
    expect(await personByCase(hub, 'T-2')).toBe(target);
    expect(await hub.db.selectFrom('person').select('id').where('id', '=', source).execute()).toEqual([]);
    const lineage = await hub.db.selectFrom('source_record').select('entity_id').where('source', '=', 's2').where('external_id', '=', 'T-2').where('entity', '=', 'person').executeTakeFirstOrThrow();
    expect(lineage.entity_id).toBe(target);
    expect((await hub.db.selectFrom('match_review').select(['status', 'merge_id']).where('id', '=', review.id).executeTakeFirstOrThrow())).toEqual({ status: 'MERGED', merge_id: merged.mergeId });
    const after = await snapshot(hub);
    expect(after.person!.length).toBe(before.person!.length - 1);

    const undone = await undoMerge(hub.db, merged.mergeId, 'test-operator');
    expect(undone).toMatchObject({ status: 'UNDONE', movedRows: merged.movedRows, droppedRows: 1 });
    expect(await snapshot(hub)).toEqual(before);
    await expect(undoMerge(hub.db, merged.mergeId, 'test-operator')).rejects.toMatchObject({ code: 'ALREADY_RESOLVED' });
  });

  it('merges an organisation known by name into the registered one and undoes it exactly', async () => {
    const firm = uscc('9142010266600002');
    await ingestBatch(
      hub.db,
      [
        rec('s3', 'organizations', 'reg', [change('organization', { uscc: firm, name: '江岸区城市管理执法局', kind: 'GOVERNMENT_DEPT' })]),
        rec('s2', 'cases', 'H-1', [
          change('organization', { name: '江岸城管', kind: 'OTHER', areaCode: COMMUNITY }),
          change('case', { sourceSystem: 's2', sourceNo: 'H-1', kind: 'APPEAL', status: 'REPORTED', reportedAt: V1, handlers: [{ org: { name: '江岸城管', areaCode: COMMUNITY }, role: 'LEAD' }] }),
        ]),
      ],
      { vault: hub.vault },
    );
    const target = (await hub.db.selectFrom('organization').select('id').where('uscc', '=', firm).executeTakeFirstOrThrow()).id;
    const source = (await hub.db.selectFrom('organization').select('id').where('name', '=', '江岸城管').executeTakeFirstOrThrow()).id;
    const tables = ['organization', 'case_handler', 'source_record', 'match', 'entity_key_alias'];
    const before = await snapshot(hub, tables);
    const merged = await mergeEntities(hub.db, 'organization', target, source, 'test-operator');
    const handler = await hub.db.selectFrom('case_handler').innerJoin('case_record', 'case_record.id', 'case_handler.case_id').select('organization_id').where('source_no', '=', 'H-1').executeTakeFirstOrThrow();
    expect(handler.organization_id).toBe(target);
    await undoMerge(hub.db, merged.mergeId, 'test-operator');
    expect(await snapshot(hub, tables)).toEqual(before);
    // merged again, the same mention later lands on the registered organisation through the alias
    await mergeEntities(hub.db, 'organization', target, source, 'test-operator');
    await ingestBatch(hub.db, [rec('s2', 'organizations', 'mention', [change('organization', { name: '江岸城管', kind: 'OTHER', areaCode: COMMUNITY })])], { vault: hub.vault });
    expect(await matchOf(hub, 's2', 'mention', 'organization')).toMatchObject({ entity_id: target, method: 'merged-alias' });
    expect((await hub.db.selectFrom('organization').select(['uscc', 'kind']).where('id', '=', target).executeTakeFirstOrThrow())).toEqual({ uscc: firm, kind: 'GOVERNMENT_DEPT' });
  });

  it('sends later records of a merged-away person to the row it was merged into', async () => {
    const review = await hub.db.selectFrom('match_review').selectAll().where('reason', '=', 'AMBIGUOUS').executeTakeFirstOrThrow();
    const target = idOf.get(ID.c2)!;
    const merged = await mergeEntities(hub.db, 'person', target, review.entity_id, 'test-operator');
    const count = (await hub.db.selectFrom('person').select('id').execute()).length;
    await ingestBatch(hub.db, [reportedCase('s4', 'WX-9', '王五', '13700000002')], { vault: hub.vault });
    expect(await personByCase(hub, 'WX-9')).toBe(target);
    expect((await hub.db.selectFrom('person').select('id').execute()).length).toBe(count);
    expect(await matchOf(hub, 's4', 'WX-9', 'person')).toMatchObject({ method: 'merged-alias' });
    await expect(mergeEntities(hub.db, 'person', target, target, 'test-operator')).rejects.toMatchObject({ code: 'MERGE_CONFLICT' });
    await expect(mergeEntities(hub.db, 'person', target, review.entity_id, 'test-operator')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(merged.status).toBe('MERGED');
  });
});

const PERSON_TABLES = ['person', 'residency', 'staff_role', 'party_member', 'case_record', 'activity_participant', 'source_record', 'match', 'match_review', 'entity_key_alias'];

/** Every row of the tables a merge touches, in a stable order. */
async function snapshot(hub: TestHub, tables = PERSON_TABLES): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql<{ row: unknown }>`select to_jsonb(t) as row from ${sql.table(table)} t order by to_jsonb(t)::text`.execute(hub.db);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}
