/**
 * property-events in file mode, through the hub's sync runner into a store that knows the admin
 * areas (as it does in production once S1 or the demo has loaded them): what each fixture line
 * becomes, the version guard across runs, and re-runs that change nothing.
 */
import { appendFile, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILE, FIXTURE_MAX_MESSAGE_BYTES } from '../../../connectors/property-events/conformance';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import { createTestHub, type TestHub } from '../../support/test-hub';
import { propertySource, seedAreas } from './hub-helpers';

const FIRM_A = '91420102MA4K1P2Q31';
const FIRM_B = '91420102MA4K7W8X9D';

describe('property-events: file mode into the store', () => {
  let hub: TestHub;
  let dir: string;
  let file: string;
  const source = () => propertySource('pe-file', { file, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES });
  const caseRow = (no: string) => hub.db.selectFrom('case_record').selectAll().where('source_no', '=', no).executeTakeFirstOrThrow();
  const eventsOf = async (no: string) => {
    const c = await caseRow(no);
    return hub.db.selectFrom('case_event').selectAll().where('case_id', '=', c.id).orderBy('seq').execute();
  };
  const orgId = async (uscc: string) => (await hub.db.selectFrom('organization').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiju-property-events-'));
    file = join(dir, 'events.jsonl');
    await copyFile(FIXTURE_FILE, file);
    hub = await createTestHub('pglite');
    await seedAreas(hub);
  });
  afterAll(async () => {
    await hub?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every fixture line once: 7 objects applied, older and repeated versions skipped, 7 dead letters', async () => {
    const [report] = await syncSource(hub, source());
    expect(report).toMatchObject({
      stream: 'events',
      status: 'SUCCEEDED',
      read: 21,
      applied: 7,
      unchanged: 3,
      stale: 4,
      deadLetters: 7,
      reasons: { UNKNOWN_STATUS: 1, MISSING_FIELD: 1, EVENT_TYPE_NOT_MAPPED: 1, UNKNOWN_EVENT_TYPE: 1, UNSUPPORTED_SPEC_VERSION: 1, BAD_JSON: 1, OVERSIZE_MESSAGE: 1 },
    });
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code', 'stage']).where('source', '=', 'pe-file').execute();
    expect(letters.map((l) => `${l.stage}:${l.reason_code}`).sort()).toEqual([
      'MAP:EVENT_TYPE_NOT_MAPPED',
      'MAP:MISSING_FIELD',
      'MAP:UNKNOWN_EVENT_TYPE',
      'MAP:UNKNOWN_STATUS',
      'MAP:UNSUPPORTED_SPEC_VERSION',
      'PARSE:BAD_JSON',
      'PARSE:OVERSIZE_MESSAGE',
    ]);
  });

  it('keeps the newest version of a project (the late older one never overwrites it), its company and buildings', async () => {
    const community = await hub.db.selectFrom('admin_area').select('id').where('code', '=', '420102002003').executeTakeFirstOrThrow();
    const xf = await hub.db.selectFrom('property_project').selectAll().where('code', '=', 'JA-XF-001').executeTakeFirstOrThrow();
    expect(xf).toMatchObject({ name: '幸福里小区', community_id: community.id, company_id: await orgId(FIRM_A), fee_per_m2: 1.95 });
    expect(String(xf.contract_to)).toContain('2027-12-31');
    const buildings = await hub.db
      .selectFrom('building')
      .innerJoin('property_project', 'property_project.id', 'building.project_id')
      .select(['property_project.code', 'building.building_no', 'building.floors'])
      .orderBy('property_project.code')
      .orderBy('building.building_no')
      .execute();
    expect(buildings.map((b) => `${b.code}/${b.building_no}`)).toEqual(['JA-HP-002/1', 'JA-HP-002/2', 'JA-XF-001/1', 'JA-XF-001/2', 'JA-XF-001/3', 'JA-XF-001/4']);
    const companies = await hub.db.selectFrom('organization').select(['uscc', 'name']).where('kind', '=', 'PROPERTY_COMPANY').orderBy('uscc').execute();
    expect(companies).toEqual([
      { uscc: FIRM_A, name: '武汉安居物业服务有限公司' },
      { uscc: FIRM_B, name: '武汉和平物业管理有限公司' },
    ]);
  });

  it('writes repair orders as REPAIR cases on their building, handled by the firm, with their inferred way there', async () => {
    const wx1 = await caseRow('WX-0001');
    const building3 = await hub.db
      .selectFrom('building')
      .innerJoin('property_project', 'property_project.id', 'building.project_id')
      .select('building.id')
      .where('property_project.code', '=', 'JA-XF-001')
      .where('building.building_no', '=', '3')
      .executeTakeFirstOrThrow();
    expect(wx1).toMatchObject({ source_system: 'property-events', kind: 'REPAIR', status: 'IN_PROGRESS', category: '水电', address: '3栋2单元501', building_id: building3.id, closed_at: null });
    // the reporter came with a name and a phone only: a person without an ID number
    const reporter = await hub.db.selectFrom('person').select(['id_hash', 'mobile_hash']).where('id', '=', wx1.reporter_person_id!).executeTakeFirstOrThrow();
    expect(reporter.id_hash).toBeNull();
    expect(reporter.mobile_hash).not.toBeNull();
    expect((await eventsOf('WX-0001')).map((e) => [e.to_status, e.inferred, e.raw_status])).toEqual([
      ['REPORTED', true, null],
      ['ACCEPTED', true, null],
      ['DISPATCHED', true, null],
      ['SIGNED', true, null],
      ['IN_PROGRESS', false, '维修中'],
    ]);
    const handlers = await hub.db.selectFrom('case_handler').select(['organization_id', 'role']).where('case_id', '=', wx1.id).execute();
    expect(handlers).toEqual([{ organization_id: await orgId(FIRM_A), role: 'LEAD' }]);

    const wx2 = await eventsOf('WX-0002');
    expect(wx2.map((e) => [e.to_status, e.inferred])).toEqual([
      ['REPORTED', false],
      ['ACCEPTED', false],
    ]);
    expect(wx2.at(-1)!.reason).toBe('已提交居委会协同处理（业务协同流转）');
    const wx5 = await caseRow('WX-0005');
    expect(wx5.status).toBe('HANDLED');
    expect(new Date(wx5.reported_at).toISOString()).toBe('2026-06-07T08:30:00.000Z');
  });

  it('files owners committees by filing number, without their members', async () => {
    const committees = await hub.db.selectFrom('organization').select(['filing_no', 'name', 'kind']).where('kind', '=', 'OWNERS_COMMITTEE').orderBy('filing_no').execute();
    expect(committees).toEqual([
      { filing_no: 'YWH-JA-2026-001', name: 'JA-XF-001业主委员会', kind: 'OWNERS_COMMITTEE' },
      { filing_no: 'YWH-JA-2026-007', name: 'JA-HP-002业主委员会', kind: 'OWNERS_COMMITTEE' },
    ]);
    // the only people are repair reporters (name + phone), none of the members
    const people = await hub.db.selectFrom('person').select('id').execute();
    const reporters = await hub.db.selectFrom('case_record').select('reporter_person_id').where('reporter_person_id', 'is not', null).execute();
    expect(people.map((p) => p.id).sort()).toEqual([...new Set(reporters.map((r) => r.reporter_person_id!))].sort());
  });

  it('reads nothing again from its cursor, and a full re-read changes no row and adds no dead letter', async () => {
    const [resumed] = await syncSource(hub, source());
    expect(resumed).toMatchObject({ status: 'SUCCEEDED', read: 0, checkpoints: 0 });
    const letters = (await hub.db.selectFrom('dead_letter').select('id').execute()).length;
    const before = await hub.db.selectFrom('case_record').select(['id', 'updated_at']).orderBy('id').execute();
    await hub.db.deleteFrom('connector_cursor').execute();
    const [again] = await syncSource(hub, source());
    expect(again).toMatchObject({ status: 'SUCCEEDED', read: 21, applied: 0 });
    expect(await hub.db.selectFrom('case_record').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect((await hub.db.selectFrom('dead_letter').select('id').execute()).length).toBe(letters);
  });

  it('guards versions across runs: an update arriving after a newer one is skipped, a newer one applies', async () => {
    const event = (id: string, time: string, data: Record<string, unknown>, type = 'property.repair.updated') =>
      JSON.stringify({ specversion: '1.0', id, type, source: FIRM_A, time, data });
    const order = { order_no: 'WX-0001', project_code: 'JA-XF-001', building: '3', unit: '2', room: '501', category: '水电', content: '卫生间水管漏水，楼下天花板渗水。' };
    await appendFile(
      file,
      `${[
        event('evt-0204', '2026-06-05T12:00:00+08:00', { ...order, status: '已派工', at: '2026-06-05T12:00:00+08:00' }),
        event('evt-0205', '2026-06-09T10:00:00+08:00', { ...order, status: '已回访', at: '2026-06-09T10:00:00+08:00' }),
        event('evt-0002', '2026-05-01T08:00:00+08:00', { project_code: 'JA-XF-001', name: '旧名称', community_code: '420102002003' }, 'property.project.upserted'),
      ].join('\n')}\n`,
    );
    const [r] = await syncSource(hub, source());
    expect(r).toMatchObject({ status: 'SUCCEEDED', read: 3, applied: 1, stale: 2, deadLetters: 0 });
    const wx1 = await caseRow('WX-0001');
    expect(wx1.status).toBe('CLOSED');
    expect(new Date(wx1.closed_at!).toISOString()).toBe('2026-06-09T02:00:00.000Z');
    expect((await eventsOf('WX-0001')).map((e) => e.to_status)).toEqual(['REPORTED', 'ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED']);
    expect((await hub.db.selectFrom('property_project').select('name').where('code', '=', 'JA-XF-001').executeTakeFirstOrThrow()).name).toBe('幸福里小区');
    const lineage = await hub.db.selectFrom('source_record').select(['external_id', 'entity']).where('source', '=', 'pe-file').where('entity', '=', 'case').orderBy('external_id').execute();
    expect(lineage.map((l) => l.external_id)).toEqual(['repair:WX-0001', 'repair:WX-0002', 'repair:WX-0005']);
  });
});
