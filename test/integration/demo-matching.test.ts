import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCitizenId } from '../../src/domain/citizen-id';
import { generateWorld } from '../../src/demo/generate';
import { loadDemo } from '../../src/demo/load-demo';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
const world = generateWorld({ profile: 'tiny', seed: 'huiju' });
const persons = new Map(world.persons.map((p) => [p.idNumber, p]));

/**
 * The demo World loaded as the street office knows it (ID numbers), then every case's reporter
 * as the other channels know them: the committee platform (S2) and the property firms (S4) name
 * a reporter and a phone, no ID number — spelled their way (Traditional characters, +86 and
 * dashes). Each sighting must land on the person the store holds for that resident, or, when the
 * store has none (the resident's own record was dead-lettered), become a new person.
 */
const sightings: { record: MappedRecord; idNumber: string }[] = [];
world.cases.forEach((c, i) => {
  const p = c.reporterPersonId === null ? undefined : persons.get(c.reporterPersonId);
  if (!p || p.mobile === null) return;
  const name = i % 3 === 0 ? toTraditional(p.name) : p.name;
  const mobile = i % 4 === 0 ? `+86 ${p.mobile.slice(0, 3)}-${p.mobile.slice(3, 7)}-${p.mobile.slice(7)}` : p.mobile;
  const changes = [change('person', { name, mobile })];
  const source = c.kind === 'REPAIR' ? 's4-view' : 's2-view';
  sightings.push({ idNumber: p.idNumber, record: { kind: 'mapped', source, stream: 'reporters', externalId: `${c.sourceSystem}:${c.sourceNo}`, version: c.reportedAt, payload: { name, mobile }, changes } });
});

describe.each(availableStoreKinds())('matching the demo World’s reporters on %s', (kind) => {
  let hub: TestHub;
  let peopleBefore = 0;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    await loadDemo(hub, { profile: 'tiny' });
    peopleBefore = (await hub.db.selectFrom('person').select('id').execute()).length;
  }, 300_000);
  afterAll(async () => hub?.destroy());

  it('ties every reporter known by name and phone to the resident the store holds, and reports the counts', async () => {
    const records = sightings.map((s) => s.record);
    let applied = 0;
    let dead = 0;
    const reasons: Record<string, number> = {};
    for (let i = 0; i < records.length; i += 500) {
      const r = await ingestBatch(hub.db, records.slice(i, i + 500), { vault: hub.vault });
      applied += r.applied;
      dead += r.deadLetters;
      for (const [k, v] of Object.entries(r.reasons)) reasons[k] = (reasons[k] ?? 0) + v;
    }
    expect(applied + dead).toBe(records.length);

    const lineage = await hub.db
      .selectFrom('source_record as s')
      .innerJoin('person as p', 'p.id', 's.entity_id')
      .leftJoin('match as m', 'm.source_record_id', 's.id')
      .select(['s.source', 's.external_id', 's.entity_id', 'p.id_hash', 'm.method'])
      .where('s.source', 'in', ['s2-view', 's4-view'])
      .execute();
    expect(lineage.length).toBe(applied);
    const byRecord = new Map(lineage.map((l) => [`${l.source}|${l.external_id}`, l]));
    const matchedByMethod: Record<string, number> = {};
    let toUnknownResident = 0;
    for (const s of sightings) {
      const l = byRecord.get(`${s.record.source}|${s.record.externalId}`);
      if (!l) continue;
      const idHash = hub.vault.hash('citizen-id', normalizeCitizenId(s.idNumber));
      const resident = await hub.db.selectFrom('person').select('id').where('id_hash', '=', idHash).executeTakeFirst();
      if (resident) expect(l.entity_id, `${s.record.externalId} lands on its resident`).toBe(resident.id);
      else toUnknownResident++;
      if (l.method) matchedByMethod[l.method] = (matchedByMethod[l.method] ?? 0) + 1;
    }
    const reviews = await hub.db.selectFrom('match_review').select(['reason']).where('source', 'in', ['s2-view', 's4-view']).execute();
    const queued: Record<string, number> = {};
    for (const r of reviews) queued[r.reason] = (queued[r.reason] ?? 0) + 1;
    const created = (await hub.db.selectFrom('person').select('id').execute()).length - peopleBefore;
    console.info(
      `[${kind}] demo tiny: ${peopleBefore} people from the street office; ${records.length} reporter sightings without ID numbers → ` +
        `matched ${JSON.stringify(matchedByMethod)}, queued for review ${JSON.stringify(queued)}, new people ${created}, dead letters ${JSON.stringify(reasons)}`,
    );
    expect(matchedByMethod['name-mobile']).toBeGreaterThan(0);
    // a resident the store does not hold becomes one new person per distinct resident, never more
    const unknownResidents = new Set(sightings.filter((s) => byRecord.has(`${s.record.source}|${s.record.externalId}`)).map((s) => s.idNumber));
    expect(created).toBeLessThanOrEqual(unknownResidents.size);
    expect(created).toBeLessThanOrEqual(toUnknownResident);
  });

});
