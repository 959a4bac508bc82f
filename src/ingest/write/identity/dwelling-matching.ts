import { type Kysely, sql } from 'kysely';
import type { IdentityDecision } from './identity-decision';
import { forEachRef, type PreparedByRecord } from './rekey-rows';

/** A dwelling found under another key of its (unified) building: method and default confidence. */
export const DWELLING_MATCH_METHOD = 'building-unit-room';

/** A dwelling key's building key and the rest (`:<unit>:<room>`), or null for a key of another shape. */
export function splitDwellingKey(key: string): { building: string; rest: string } | null {
  const room = key.lastIndexOf(':');
  const unit = room > 0 ? key.lastIndexOf(':', room - 1) : -1;
  if (unit <= 0) return null;
  return { building: key.slice(0, unit), rest: key.slice(unit) };
}

/**
 * Dwellings follow their buildings (DOMAIN.md §4). A dwelling's key is its building's key + unit +
 * room, so once the building step has re-keyed a building (another spelling, another naming, a
 * merged row), the batch's dwellings of it are re-keyed the same way. A dwelling key the store
 * still does not hold is then looked up by (building, unit, room): a dwelling that moved with a
 * merged building keeps its old natural key, and is found this way. One statement per batch.
 *
 * Returns the key rewrites and a decision per rewritten key: the building's method and confidence
 * when the building was re-keyed, else `building-unit-room` (1).
 */
export async function matchDwellings(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  prepared: PreparedByRecord,
  buildingRemap: ReadonlyMap<string, string>,
  buildingDecisions: ReadonlyMap<string, IdentityDecision>,
): Promise<{ remap: Map<string, string>; decisions: Map<string, IdentityDecision> }> {
  const keys = new Set<string>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      if (spec.entity === 'dwelling') keys.add(row.naturalKey);
      forEachRef(row, (ref) => {
        if (ref.entity === 'dwelling') keys.add(ref.key);
      });
    }
  }
  const remap = new Map<string, string>();
  const decisions = new Map<string, IdentityDecision>();
  if (keys.size === 0) return { remap, decisions };
  const buildingOf = new Map<string, { building: string; rest: string }>();
  for (const key of keys) {
    const parts = splitDwellingKey(key);
    if (!parts) continue;
    const to = buildingRemap.get(parts.building);
    const d = buildingDecisions.get(parts.building);
    if (to !== undefined && d?.kind === 'attach') {
      remap.set(key, `${to}${parts.rest}`);
      decisions.set(key, { kind: 'attach', target: { id: '', naturalKey: `${to}${parts.rest}` }, method: d.method, confidence: d.confidence });
    }
    buildingOf.set(key, { building: to ?? parts.building, rest: parts.rest });
  }
  // by (building, unit, room) where the key itself is not stored
  const wanted = [...buildingOf.entries()].map(([key, p]) => ({ key, final: `${p.building}${p.rest}`, ...p }));
  const { rows } = await sql<{ final: string; natural_key: string; id: string }>`
    with v(final, building, unit, room) as (
      select * from unnest(${wanted.map((w) => w.final)}::text[], ${wanted.map((w) => w.building)}::text[],
        ${wanted.map((w) => splitUnitRoom(w.rest).unit)}::text[], ${wanted.map((w) => splitUnitRoom(w.rest).room)}::text[])
    )
    select v.final, d.natural_key, d.id::text as id
    from v join building b on b.natural_key = v.building
      join dwelling d on d.building_id = b.id and d.unit = v.unit and d.room = v.room
    where d.natural_key <> v.final and not exists (select 1 from dwelling x where x.natural_key = v.final)`.execute(db);
  const found = new Map(rows.map((r) => [r.final, r]));
  for (const w of wanted) {
    const hit = found.get(w.final);
    if (!hit) continue;
    const earlier = decisions.get(w.key);
    remap.set(w.key, hit.natural_key);
    decisions.set(w.key, {
      kind: 'attach',
      target: { id: hit.id, naturalKey: hit.natural_key },
      method: earlier?.kind === 'attach' ? earlier.method : DWELLING_MATCH_METHOD,
      confidence: earlier?.kind === 'attach' ? earlier.confidence : 1,
    });
  }
  return { remap, decisions };
}

function splitUnitRoom(rest: string): { unit: string; room: string } {
  const at = rest.lastIndexOf(':');
  return { unit: rest.slice(1, at), room: rest.slice(at + 1) };
}
