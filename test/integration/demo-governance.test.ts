import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/demo/generate';
import { loadDemo } from '../../src/demo/load-demo';
import { loadDemoViaConnectors } from '../../src/demo/load-demo-via-connectors';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * The governance facts of the demo World (issue #12) reach the store the same way by both demo
 * paths — the World's records straight through the write path (`loadDemo`) and the rendered
 * sources through the real connectors (`loadDemoViaConnectors`: the rosters carry the party
 * organisations' hosts, the committee platform's `alliance-members` stream the alliances) — and
 * they are the World's own: every host, alliance and membership, and volunteer hours only where
 * people served.
 */
const world = generateWorld({ profile: 'tiny', seed: 'huiju' });
const orgs = new Map(world.organizations.map((o) => [o.key, o]));
/** How an organisation is told apart in a store whatever path wrote it: its codes, else its name. */
const orgLabel = (o: { uscc: string | null; filingNo: string | null; name: string }) => o.uscc ?? o.filingNo ?? o.name;

/** The World's expectations, computed from the World alone. */
const expected = {
  hosts: world.partyOrgs.filter((p) => p.organizationKey !== null).map((p) => `${p.code}→${orgLabel(orgs.get(p.organizationKey!)!)}`).sort(),
  alliances: world.organizations.filter((o) => o.kind === 'ALLIANCE').map((o) => `${o.name}|${o.areaCode}|${o.foundedOn}|${o.address}`).sort(),
  members: world.allianceMembers
    .map((m) => `${orgs.get(m.allianceKey)!.name}|${orgLabel(orgs.get(m.organizationKey)!)}|${m.role}|${m.commitments.join('、')}|${m.joinedOn}|${m.leftOn ?? '-'}`)
    .sort(),
};

interface GovernanceFacts {
  hosts: string[];
  alliances: string[];
  members: string[];
  /** `type|title|hours` of every participation with hours. */
  served: number;
}

async function facts(hub: TestHub): Promise<GovernanceFacts> {
  const label = (alias: string) => sql.raw(`coalesce(${alias}.uscc, ${alias}.filing_no, ${alias}.name)`);
  const hosts = await sql<{ v: string }>`
    select po.code || '→' || ${label('o')} as v from party_org po join organization o on o.id = po.host_organization_id`.execute(hub.db);
  const alliances = await sql<{ v: string }>`
    select o.name || '|' || a.code || '|' || o.founded_on::text || '|' || o.address as v
    from organization o join admin_area a on a.id = o.area_id where o.kind = 'ALLIANCE'`.execute(hub.db);
  const members = await sql<{ v: string }>`
    select a.name || '|' || ${label('u')} || '|' || am.role || '|' || array_to_string(am.commitments, '、') || '|' || am.joined_on::text || '|' || coalesce(am.left_on::text, '-') as v
    from alliance_member am join organization a on a.id = am.alliance_id join organization u on u.id = am.organization_id`.execute(hub.db);
  const served = await sql<{ n: number }>`select count(*)::int as n from activity_participant where hours is not null`.execute(hub.db);
  return {
    hosts: hosts.rows.map((r) => r.v).sort(),
    alliances: alliances.rows.map((r) => r.v).sort(),
    members: members.rows.map((r) => r.v).sort(),
    served: served.rows[0]!.n,
  };
}

describe.each(availableStoreKinds())('the demo’s governance facts by both paths on %s', (kind) => {
  let direct: TestHub;
  let viaConnectors: TestHub;
  const folder = mkdtempSync(join(tmpdir(), 'huiju-demo-governance-'));
  beforeAll(async () => {
    direct = await createTestHub(kind);
    viaConnectors = await createTestHub(kind);
    await loadDemo(direct, { profile: 'tiny', seed: 'huiju' });
    const result = await loadDemoViaConnectors(viaConnectors, { profile: 'tiny', seed: 'huiju', folder });
    expect(result.failures).toEqual([]);
  }, 600_000);
  afterAll(async () => {
    await direct?.destroy();
    await viaConnectors?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('has hosts, alliances and members in the World and varying alliance sizes (tiny)', () => {
    expect(expected.hosts.length).toBeGreaterThan(0);
    expect(expected.hosts.some((h) => world.organizations.some((o) => o.kind === 'PROPERTY_COMPANY' && h.endsWith(`→${orgLabel(o)}`)))).toBe(true);
    const communities = world.areas.filter((a) => a.level === 'community');
    const allianceAreas = new Set(world.organizations.filter((o) => o.kind === 'ALLIANCE').map((o) => o.areaCode));
    expect(communities.some((c) => !allianceAreas.has(c.code)), 'a community without an alliance').toBe(true);
    const sizes = new Set([...allianceAreas].map((a) => world.allianceMembers.filter((m) => orgs.get(m.allianceKey)!.areaCode === a).length));
    expect(sizes.size).toBeGreaterThan(1);
    expect(world.allianceMembers.some((m) => m.leftOn !== null)).toBe(true);
  });

  it('stores every host, alliance and membership of the World by the direct path', async () => {
    const got = await facts(direct);
    expect(got.hosts).toEqual(expected.hosts);
    expect(got.alliances).toEqual(expected.alliances);
    expect(got.members).toEqual(expected.members);
  });

  it('stores the same through the connectors', async () => {
    const a = await facts(direct);
    const b = await facts(viaConnectors);
    expect(b.hosts).toEqual(a.hosts);
    expect(b.alliances).toEqual(a.alliances);
    expect(b.members).toEqual(a.members);
  });

  it('keeps the special-population tags (L4) through the street offices’ exports as the World has them', async () => {
    const tagCounts = async (hub: TestHub) =>
      (await sql<{ tag: string; n: number }>`select t as tag, count(*)::int as n from person, unnest(tags) as t group by t order by t`.execute(hub.db)).rows;
    const a = await tagCounts(direct);
    expect(a.length).toBeGreaterThan(2);
    expect(await tagCounts(viaConnectors)).toEqual(a);
  });

  it('records volunteer hours only for people who served, by both paths', async () => {
    const served = world.activities.flatMap((x) => x.participants.filter((p) => p.hours !== null).map(() => x.type));
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((t) => t === '志愿服务' || t === '主题党日')).toBe(true);
    const withHours = await sql<{ type: string; n: number }>`
      select a.type, count(*)::int as n from activity_participant ap join activity a on a.id = ap.activity_id where ap.hours is not null group by a.type`.execute(direct.db);
    expect(withHours.rows.every((r) => r.type === '志愿服务' || r.type === '主题党日')).toBe(true);
    // the direct path stores each stored activity's participations as the World has them
    const stored = new Set((await sql<{ key: string }>`select natural_key as key from activity`.execute(direct.db)).rows.map((r) => r.key));
    const expectedServed = world.activities.filter((x) => stored.has(x.id)).reduce((n, x) => n + x.participants.filter((p) => p.hours !== null).length, 0);
    expect(expectedServed).toBeGreaterThan(0);
    expect((await facts(direct)).served).toBe(expectedServed);
    // through the platform: some activities are planted (dropped type, garbled name), so at most as many
    const meetings = await sql<{ n: number }>`
      select count(*)::int as n from activity_participant ap join activity a on a.id = ap.activity_id where ap.hours is not null and a.type in ('联席会议', '议事协商')`.execute(viaConnectors.db);
    expect(meetings.rows[0]!.n).toBe(0);
  });
});
