import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeApiConnector } from '../../connectors/committee-api/index';
import { streetOfficeConnector } from '../../connectors/street-office/index';
import { generateWorld } from '../../src/demo/generate';
import { renderStreetOffice } from '../../src/demo/render/street-office.render';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { startFakeCommitteePlatform, type FakeCommitteePlatform } from '../support/fake-committee-platform';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * The same people arrive from the street office's resident exports (S1) and as reporters on the
 * committee platform (S2), spelled differently (15-digit numbers, lower-case x, full-width digits,
 * Traditional names): each becomes one golden person, with an explicit match row for the second
 * source.
 */
const world = generateWorld({ profile: 'tiny', seed: 'huiju' });

describe.each(availableStoreKinds())('one person across sources on %s', (kind) => {
  let hub: TestHub;
  let platform: FakeCommitteePlatform;
  const folder = mkdtempSync(join(tmpdir(), 'huiju-identity-'));
  const streets = world.areas.filter((a) => a.level === 'street');
  const source = (id: string, connector: ResolvedSource['connector'], config: unknown): ResolvedSource => ({ id, connector, config, displayConfig: {}, scheduleMs: null, baseDir: folder });

  beforeAll(async () => {
    hub = await createTestHub(kind);
    const parents = ['420000000000', '420100000000', '420102000000'].map((code) => ({ code, name: world.areas.find((a) => a.code === code)!.name }));
    for (const street of streets) {
      const dir = join(folder, street.code);
      mkdirSync(dir);
      for (const f of renderStreetOffice(world, street.code)) writeFileSync(join(dir, f.name), f.content);
      const config = streetOfficeConnector.config.parse({ path: dir, streetCode: street.code, streetName: street.name, parentAreas: parents, testData: true });
      await syncSource(hub, source(`s1-${street.code.slice(6, 9)}`, streetOfficeConnector, config));
    }
    platform = await startFakeCommitteePlatform({ world, faults: false });
    // a reporter the street office lists with a 15-digit number, written by the platform in 18 digits, lower-case x, full width
    const resident = world.persons.find((p) => /^\d{17}X$/.test(p.idNumber) && world.residencies.some((r) => r.personId === p.idNumber && r.validTo === null))!;
    const fullWidth = resident.idNumber.toLowerCase().replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const template = platform.records('cases').find((r) => (r.reporter as { id_number?: string } | null)?.id_number)!;
    platform.put('cases', { ...template, ticket_no: 'XS-IDENTITY-1', reporter: { name: resident.name, phone: resident.mobile, id_number: fullWidth } });
    const s2 = committeeApiConnector.config.parse({ baseUrl: platform.baseUrl, token: platform.token, clientId: platform.clientId, clientSecret: platform.clientSecret });
    await syncSource(hub, source('committee', committeeApiConnector, s2));
  }, 300_000);
  afterAll(async () => {
    await platform?.close();
    await hub?.destroy();
  });

  it('gives people known to both sources one person row with lineage from both and a match row', async () => {
    const both = await sql<{ id: string; sources: string[]; matches: number }>`
      select p.id, array_agg(distinct split_part(s.source, '-', 1) order by split_part(s.source, '-', 1)) as sources,
             (select count(*)::int from match m where m.entity = 'person' and m.entity_id = p.id) as matches
      from person p join source_record s on s.entity = 'person' and s.entity_id = p.id
      group by p.id having count(distinct split_part(s.source, '-', 1)) > 1`.execute(hub.db);
    expect(both.rows.length).toBeGreaterThan(5);
    for (const row of both.rows) {
      expect(row.sources).toEqual(['committee', 's1']);
      expect(row.matches).toBeGreaterThanOrEqual(1);
    }
    // reporters with an ID number are matched by it; the platform's phone-only reporters by name + mobile, with less confidence
    const methods = await hub.db.selectFrom('match').select(['method', 'confidence']).where('entity', '=', 'person').distinct().orderBy('method').execute();
    expect(methods.map((m) => [m.method, Number(m.confidence)])).toEqual([
      ['citizen-id-hash', 1],
      ['name-mobile', 0.9],
    ]);
  });

  it('matches a differently spelled ID number to the resident it belongs to', async () => {
    const caseRow = await hub.db.selectFrom('case_record').select(['reporter_person_id']).where('source_no', '=', 'XS-IDENTITY-1').executeTakeFirstOrThrow();
    expect(caseRow.reporter_person_id).not.toBeNull();
    const lineage = await hub.db.selectFrom('source_record').select('source').where('entity', '=', 'person').where('entity_id', '=', caseRow.reporter_person_id!).execute();
    expect(lineage.some((l) => l.source.startsWith('s1-'))).toBe(true);
    expect(lineage.some((l) => l.source === 'committee')).toBe(true);
  });

  it('never stores one ID number as two persons', async () => {
    const { rows } = await sql<{ n: number; d: number }>`select count(*)::int as n, count(distinct id_hash)::int as d from person`.execute(hub.db);
    expect(rows[0]!.n).toBe(rows[0]!.d);
  });
});
