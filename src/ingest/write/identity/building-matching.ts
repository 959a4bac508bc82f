import { type Kysely, sql } from 'kysely';
import type { IdentityDecision } from './identity-decision';
import { textArray } from '../../../db/json-params';

/** Match method of a building found under its other key, and its confidence. */
export const BUILDING_MATCH_METHOD = 'project-name-building-no';
const CONFIDENCE = 0.85;


/**
 * S1 and S4 name one building differently: the street office by community + 小区 name + 楼栋
 * (`c:<community>:<小区><no>`), the property firm by project code + number (`p:<project>:<no>`).
 * A building key the store does not hold is matched to the other form when the project is known:
 * the project's community and normalised name turn one key into the other —
 *
 * - `p:<project>:<no>` → `c:<project's community>:<project's name><no>`;
 * - `c:<community>:<name><no>` → `p:<code>:<no>` for a project of that community whose name
 *   starts the key's rest.
 *
 * Exactly one candidate → `attach` (`project-name-building-no`, 0.85), several → a new row and a
 * review (`AMBIGUOUS`). Not covered: both forms new in the same batch (the second batch unifies
 * nothing either: each row exists under its own key), projects whose name the street office
 * spells differently.
 */
export async function matchBuildings(
  db: Kysely<any>,
  keys: readonly string[],
  batchProjects: ReadonlyMap<string, { nameNorm: string; communityCode: string }>,
): Promise<Map<string, IdentityDecision>> {
  const out = new Map<string, IdentityDecision>();
  const byProject = keys.filter((k) => k.startsWith('p:') && k.lastIndexOf(':') > 2);
  const byCommunity = keys.filter((k) => /^c:\d{12}:./.test(k));
  if (byProject.length === 0 && byCommunity.length === 0) return out;
  // p-keys: the project's community and name from this batch, else from the store
  const codeOf = (k: string) => k.slice(2, k.lastIndexOf(':'));
  const projects = new Map(batchProjects);
  const unknown = [...new Set(byProject.map(codeOf))].filter((c) => !projects.has(c));
  if (unknown.length > 0) {
    const { rows } = await sql<{ code: string; name_norm: string; community: string }>`
      select pp.natural_key as code, pp.name_norm, a.code as community
      from property_project pp join admin_area a on a.id = pp.community_id
      where pp.natural_key = any(${textArray(unknown)})`.execute(db);
    for (const r of rows) projects.set(r.code, { nameNorm: r.name_norm, communityCode: r.community });
  }
  const asCommunityKey = new Map<string, string>();
  for (const k of byProject) {
    const p = projects.get(codeOf(k));
    if (p) asCommunityKey.set(k, `c:${p.communityCode}:${p.nameNorm}${k.slice(k.lastIndexOf(':') + 1)}`);
  }
  const pKeys = [...asCommunityKey.keys()];
  const { rows } = await sql<{ key: string; id: string; natural_key: string; building_no: string; address_norm: string }>`
    with p(key, other) as (select * from unnest(${pKeys}::text[], ${pKeys.map((k) => asCommunityKey.get(k)!)}::text[])),
         c(key, community, rest) as (select * from unnest(${byCommunity}::text[], ${byCommunity.map((k) => k.slice(2, 14))}::text[], ${byCommunity.map((k) => k.slice(15))}::text[]))
    select p.key, b.id, b.natural_key, b.building_no, b.address_norm
    from p join building b on b.natural_key = p.other
    union all
    select c.key, b.id, b.natural_key, b.building_no, b.address_norm
    from c join admin_area a on a.code = c.community
      join property_project pp on pp.community_id = a.id and length(c.rest) > length(pp.name_norm) and left(c.rest, length(pp.name_norm)) = pp.name_norm
      join building b on b.natural_key = 'p:' || pp.natural_key || ':' || substr(c.rest, length(pp.name_norm) + 1)
    order by 1, 2`.execute(db);
  const byKey = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) byKey.set(r.key, (list = []));
    if (!list.some((x) => x.id === r.id)) list.push(r);
  }
  for (const [key, candidates] of byKey) {
    if (candidates.length === 1) {
      const c = candidates[0]!;
      // how the stored building is numbered stays (NOT NULL columns: kept by value, not dropped)
      out.set(key, { kind: 'attach', target: { id: c.id, naturalKey: c.natural_key }, method: BUILDING_MATCH_METHOD, confidence: CONFIDENCE, keepValues: { building_no: c.building_no, address_norm: c.address_norm } });
    } else {
      out.set(key, { kind: 'review', reason: 'AMBIGUOUS', candidates: candidates.map((c) => c.id), evidence: { project: true, buildingNo: true } });
    }
  }
  return out;
}
