import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationOf } from '../../connectors/committee-api/organization-refs';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { mergeEntities, undoMerge } from '../../src/identity/merge-entities';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Organisations without a code across communities and sources (issue #13, deliverable 4): one
 * street office named three ways from three communities and two sources, a property firm by USCC
 * and by two name spellings, and look-alikes that must stay apart — another street's office, the
 * street's party working committee, another firm with a similar brand — in every arrival order.
 */

const V1 = '2026-06-01T08:00:00+08:00';
const XINGFU = '420102002003'; // 幸福社区, 大智街道
const YOUYI = '420102002004'; // 友谊社区, 大智街道
const SANDE = '420102003001'; // 三德社区, 台北街道

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version: V1, payload: { externalId, changes, version: V1 }, changes };
}

/** A valid USCC from its first 16 characters. */
function uscc(first16: string): string {
  const first17 = `${first16}${orgCodeCheckChar(first16.slice(8, 16))}`;
  return `${first17}${usccCheckChar(first17)}`;
}

const places: MappedRecord[] = [
  rec('s1', 'areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
  rec('s1', 'areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
  rec('s1', 'areas', 'ja', [
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: '420102003', name: '台北街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: XINGFU, name: '幸福社区', level: 'community', parentCode: '420102002' }),
    change('adminArea', { code: YOUYI, name: '友谊社区', level: 'community', parentCode: '420102002' }),
    change('adminArea', { code: SANDE, name: '三德社区', level: 'community', parentCode: '420102003' }),
  ]),
];

const ANJU = uscc('9142010257700001');
const XIN_ANJU = uscc('9142010257700002');

/** A fixture record: what it says, and the unit it truly is. */
interface Labelled {
  record: MappedRecord;
  truth: string;
}
/** An organisation named by a platform (committee cases: kind guessed, area = the community). */
const mention = (source: string, id: string, name: string, community: string, truth: string): Labelled => ({
  record: rec(source, 'cases', id, [organizationOf(name, null, community).change]),
  truth,
});
const registered = (source: string, id: string, changeOf: Record<string, unknown>, truth: string): Labelled => ({
  record: rec(source, 'organizations', id, [change('organization', changeOf as never)]),
  truth,
});

const FIXTURE: Labelled[] = [
  // one street office, three spellings, three communities (one in the neighbouring street), two sources
  mention('committee', 'so-1', '大智街道办事处', XINGFU, 'office-dazhi'),
  mention('committee', 'so-2', '大智街道办', YOUYI, 'office-dazhi'),
  mention('hotline', 'so-3', '大智街道', SANDE, 'office-dazhi'),
  mention('hotline', 'so-4', '江岸区大智街道办事处', XINGFU, 'office-dazhi'),
  // "the street office" said in a 大智 community is 大智's
  mention('hotline', 'so-5', '街道办', YOUYI, 'office-dazhi'),
  registered('street', 'so-6', { name: '武汉市江岸区人民政府大智街道办事处', kind: 'STREET_OFFICE', areaCode: '420102002' }, 'office-dazhi'),
  // look-alikes: another street's office; the street's party working committee
  mention('hotline', 'tb-1', '台北街道', SANDE, 'office-taibei'),
  mention('committee', 'tb-2', '台北街道办事处', XINGFU, 'office-taibei'),
  mention('committee', 'pw-1', '大智街道党工委', XINGFU, 'party-dazhi'),
  mention('hotline', 'pw-2', '中共武汉市江岸区大智街道工作委员会', YOUYI, 'party-dazhi'),
  // one firm by USCC and by two spellings; a firm with a similar brand stays apart
  registered('property', 'f-1', { uscc: ANJU, name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' }, 'firm-anju'),
  mention('committee', 'f-2', '安居物业服务有限公司', XINGFU, 'firm-anju'),
  mention('hotline', 'f-3', '安居物业', SANDE, 'firm-anju'),
  registered('property', 'f-4', { uscc: XIN_ANJU, name: '武汉新安居物业管理有限公司', kind: 'PROPERTY_COMPANY' }, 'firm-xin-anju'),
  // the district's department, with and without the district's name
  mention('committee', 'd-1', '区民政局', XINGFU, 'dept-civil'),
  mention('hotline', 'd-2', '江岸区民政局', SANDE, 'dept-civil'),
  // residents' committees: one named three ways, its neighbour apart
  registered('street', 'rc-1', { name: '幸福社区居民委员会', kind: 'RESIDENTS_COMMITTEE', areaCode: XINGFU }, 'rc-xingfu'),
  mention('committee', 'rc-2', '幸福社区居委会', XINGFU, 'rc-xingfu'),
  mention('hotline', 'rc-3', '幸福社区', YOUYI, 'rc-xingfu'),
  mention('committee', 'rc-4', '社区居委会', YOUYI, 'rc-youyi'),
  mention('hotline', 'rc-5', '友谊居委会', XINGFU, 'rc-youyi'),
];

/** Pairwise precision and recall of the rows the records landed on against the fixture's truth. */
function pairScores(landed: { truth: string; entityId: string }[]): { precision: number; recall: number; rows: number; units: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < landed.length; i++) {
    for (let j = i + 1; j < landed.length; j++) {
      const same = landed[i]!.entityId === landed[j]!.entityId;
      const truth = landed[i]!.truth === landed[j]!.truth;
      if (same && truth) tp++;
      else if (same) fp++;
      else if (truth) fn++;
    }
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), rows: new Set(landed.map((l) => l.entityId)).size, units: new Set(landed.map((l) => l.truth)).size };
}

const ORDERS: Record<string, (f: Labelled[]) => MappedRecord[][]> = {
  'codes first, one batch each': (f) => f.map((l) => [l.record]),
  'names first, one batch each': (f) => [...f].reverse().map((l) => [l.record]),
  'all in one batch': (f) => [f.map((l) => l.record)],
};

describe.each(availableStoreKinds())('organisations without a code on %s', (kind) => {
  describe.each(Object.keys(ORDERS))('%s', (order) => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await createTestHub(kind);
      await ingestBatch(hub.db, places, { vault: hub.vault });
      for (const batch of ORDERS[order]!(FIXTURE)) {
        const r = await ingestBatch(hub.db, batch, { vault: hub.vault });
        expect(r).toMatchObject({ deadLetters: 0 });
      }
    });
    afterAll(async () => hub?.destroy());

    const landed = async () => {
      const rows = await hub.db.selectFrom('source_record').select(['source', 'external_id', 'entity_id']).where('entity', '=', 'organization').execute();
      const byRecord = new Map(rows.map((r) => [`${r.source}/${r.external_id}`, r.entity_id]));
      return FIXTURE.map((l) => ({ truth: l.truth, entityId: byRecord.get(`${l.record.source}/${l.record.externalId}`)! }));
    };

    it('lands every spelling of a unit on one row and keeps look-alikes apart', async () => {
      const l = await landed();
      const scores = pairScores(l);
      console.log(`[organisations ${kind}, ${order}] precision ${scores.precision.toFixed(3)} recall ${scores.recall.toFixed(3)} (${scores.rows} rows for ${scores.units} units)`);
      const rowOf = (truth: string) => [...new Set(l.filter((x) => x.truth === truth).map((x) => x.entityId))];
      for (const truth of new Set(FIXTURE.map((f) => f.truth))) expect(rowOf(truth), truth).toHaveLength(1);
      expect(scores).toMatchObject({ precision: 1, recall: 1 });
      // no row beside the fixture's units
      expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(scores.units);
    });

    it('keeps the code, the kind and an explicit match for every record that found another’s row', async () => {
      const firm = await hub.db.selectFrom('organization').select(['uscc', 'kind']).where('uscc', '=', ANJU).executeTakeFirstOrThrow();
      expect(firm.kind).toBe('PROPERTY_COMPANY');
      const kinds = await hub.db.selectFrom('organization').select(['kind']).orderBy('kind').execute();
      expect(kinds.map((k) => k.kind)).toEqual(['GOVERNMENT_DEPT', 'PARTY_ORG', 'PROPERTY_COMPANY', 'PROPERTY_COMPANY', 'RESIDENTS_COMMITTEE', 'RESIDENTS_COMMITTEE', 'STREET_OFFICE', 'STREET_OFFICE']);
      const matches = await hub.db
        .selectFrom('source_record as s')
        .innerJoin('match as m', 'm.source_record_id', 's.id')
        .select(['s.external_id', 'm.method', 'm.confidence'])
        .where('s.entity', '=', 'organization')
        .execute();
      // every record but the one that created its unit's row has a match row saying how
      expect(matches).toHaveLength(FIXTURE.length - new Set(FIXTURE.map((f) => f.truth)).size);
      for (const m of matches) expect(['name-area', 'name-score', 'uscc-or-name']).toContain(m.method);
      expect(await hub.db.selectFrom('match_review').select('id').execute()).toEqual([]);
    });
  });

  describe('ambiguity and its undo', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await createTestHub(kind);
      await ingestBatch(hub.db, places, { vault: hub.vault });
    });
    afterAll(async () => hub?.destroy());

    it('queues a name two registered firms could be, and merges and undoes the operator’s choice exactly', async () => {
      const service = uscc('9142010257700011');
      const management = uscc('9142010257700012');
      await ingestBatch(
        hub.db,
        [
          rec('property', 'organizations', 'hp-1', [change('organization', { uscc: service, name: '武汉和平物业服务有限公司', kind: 'PROPERTY_COMPANY' })]),
          rec('property', 'organizations', 'hp-2', [change('organization', { uscc: management, name: '武汉和平物业管理有限公司', kind: 'PROPERTY_COMPANY' })]),
        ],
        { vault: hub.vault },
      );
      const r = await ingestBatch(hub.db, [rec('committee', 'cases', 'hp-3', [organizationOf('和平物业', null, XINGFU).change])], { vault: hub.vault });
      expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
      const ids = Object.fromEntries((await hub.db.selectFrom('organization').select(['id', 'uscc']).execute()).map((o) => [o.uscc ?? 'mention', o.id]));
      expect(Object.keys(ids)).toHaveLength(3);
      const review = await hub.db.selectFrom('match_review').selectAll().executeTakeFirstOrThrow();
      expect(review).toMatchObject({ entity: 'organization', entity_id: ids.mention, reason: 'AMBIGUOUS', status: 'OPEN' });
      expect([...review.candidate_ids].sort()).toEqual([ids[service], ids[management]].sort());

      // a firm whose legal form contradicts the only close candidate's is a weak match: its own row, and a review
      await ingestBatch(hub.db, [rec('committee', 'cases', 'hp-4', [organizationOf('和平物业管理股份有限公司', null, XINGFU).change])], { vault: hub.vault });
      const weak = await hub.db.selectFrom('organization').select('id').where('name_norm', '=', '和平物业管理股份有限公司').executeTakeFirstOrThrow();
      expect(await hub.db.selectFrom('match_review').select(['reason', 'candidate_ids']).where('entity_id', '=', weak.id).executeTakeFirstOrThrow()).toMatchObject({ reason: 'WEAK_MATCH', candidate_ids: [ids[management]] });

      const before = await hub.db.selectFrom('organization').select(['id', 'natural_key']).orderBy('id').execute();
      const merged = await mergeEntities(hub.db, 'organization', ids[service]!, ids.mention!, 'test-operator');
      expect(await hub.db.selectFrom('organization').select('id').where('id', '=', ids.mention!).execute()).toEqual([]);
      expect((await hub.db.selectFrom('match_review').select('status').where('id', '=', review.id).executeTakeFirstOrThrow()).status).toBe('MERGED');
      await undoMerge(hub.db, merged.mergeId, 'test-operator');
      expect(await hub.db.selectFrom('organization').select(['id', 'natural_key']).orderBy('id').execute()).toEqual(before);
    });

    it('gives a name-only row the USCC that arrives later, and lands later records of that USCC on it', async () => {
      const firm = uscc('9142010257700021');
      await ingestBatch(hub.db, [rec('committee', 'cases', 'yf-1', [organizationOf('怡丰物业', null, SANDE).change])], { vault: hub.vault });
      const row = await hub.db.selectFrom('organization').select(['id']).where('name_norm', '=', '怡丰物业').executeTakeFirstOrThrow();
      await ingestBatch(hub.db, [rec('property', 'organizations', 'yf-2', [change('organization', { uscc: firm, name: '武汉怡丰物业服务有限公司', kind: 'PROPERTY_COMPANY' })])], { vault: hub.vault });
      await ingestBatch(hub.db, [rec('registry', 'organizations', 'yf-3', [change('organization', { uscc: firm, name: '武汉怡丰物业服务有限公司', kind: 'PROPERTY_COMPANY' })])], { vault: hub.vault });
      const rows = await hub.db.selectFrom('organization').select(['id', 'uscc']).where('match_name', '=', 'COMPANY|物业|怡丰').execute();
      expect(rows).toEqual([{ id: row.id, uscc: firm }]);
      const methods = await hub.db
        .selectFrom('source_record as s')
        .innerJoin('match as m', 'm.source_record_id', 's.id')
        .select(['s.external_id', 'm.method', 'm.confidence'])
        .where('s.external_id', 'in', ['yf-2', 'yf-3'])
        .orderBy('s.external_id')
        .execute();
      expect(methods.map((m) => [m.external_id, m.method, Number(m.confidence)])).toEqual([
        ['yf-2', 'name-score', 0.64],
        ['yf-3', 'uscc-or-name', 1],
      ]);
    });
  });
});
