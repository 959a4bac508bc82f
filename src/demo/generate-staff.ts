import { branchRng, type BuildContext, type PersonDraft, type StreetInfo } from './build-context';
import { addDays, addYears } from './calendar';
import type { CommunityInfo } from './generate-community';
import type { Rng } from './prng';

/**
 * The first person of `pool` (in random order) aged within `[minAge, maxAge]` and not yet
 * in `used`; falls back to any unused adult, then `null`. Marks the pick as used.
 */
function takePerson(rng: Rng, pool: readonly PersonDraft[], used: Set<PersonDraft>, minAge: number, maxAge: number): PersonDraft | null {
  const free = pool.filter((d) => !used.has(d) && d.age >= 18);
  if (free.length === 0) return null;
  const fitting = free.filter((d) => d.age >= minAge && d.age <= maxAge);
  const pick = rng.pick(fitting.length > 0 ? fitting : free);
  used.add(pick);
  return pick;
}

/**
 * 网格员 / 信息员 / 楼栋长 / 志愿者 of one community, all drawn from its current residents:
 * one grid worker and one information officer per grid (some grids also show the worker
 * before, whose role ended the day before the current one started), a building leader for
 * most buildings, and about 3% of adults as volunteers.
 */
export function generateStaff(ctx: BuildContext, info: CommunityInfo): void {
  const rng = branchRng(ctx, `${info.path}/staff`);
  const roles = ctx.world.staffRoles;
  const used = new Set<PersonDraft>();
  for (const grid of info.grids) {
    const inGrid = info.current.filter((d) => d.gridCode === grid.code);
    const pool = inGrid.length > 0 ? inGrid : info.current;
    const worker = takePerson(rng, info.current, used, 25, 50);
    if (worker !== null) {
      const validFrom = rng.dateBetween(addYears(ctx.asOf, -4), addDays(ctx.asOf, -60));
      roles.push({ personId: worker.person.idNumber, role: 'GRID_WORKER', scope: 'GRID', areaCode: info.code, gridCode: grid.code, validFrom, validTo: null });
      info.gridWorkers.set(grid.code, worker);
      if (rng.chance(0.3)) {
        const before = takePerson(rng, info.current, used, 25, 55);
        if (before !== null) {
          const end = addDays(validFrom, -1);
          roles.push({
            personId: before.person.idNumber,
            role: 'GRID_WORKER',
            scope: 'GRID',
            areaCode: info.code,
            gridCode: grid.code,
            validFrom: rng.dateBetween(addYears(end, -4), addDays(end, -90)),
            validTo: end,
          });
        }
      }
    }
    const officer = takePerson(rng, pool, used, 30, 65);
    if (officer !== null) {
      roles.push({
        personId: officer.person.idNumber,
        role: 'INFO_OFFICER',
        scope: 'GRID',
        areaCode: info.code,
        gridCode: grid.code,
        validFrom: rng.dateBetween(addYears(ctx.asOf, -3), addDays(ctx.asOf, -30)),
        validTo: null,
      });
    }
  }
  for (const b of info.buildings) {
    if (b.residents.length === 0 || !rng.chance(0.85)) continue;
    const leader = takePerson(rng, b.residents, used, 35, 75);
    if (leader === null) continue;
    roles.push({
      personId: leader.person.idNumber,
      role: 'BUILDING_LEADER',
      scope: 'GRID',
      areaCode: info.code,
      gridCode: b.building.gridCode,
      validFrom: rng.dateBetween(addYears(ctx.asOf, -5), addDays(ctx.asOf, -30)),
      validTo: null,
      buildingKey: b.building.key,
    });
  }
  const adults = info.current.filter((d) => d.age >= 18 && d.age <= 75 && !used.has(d));
  const n = Math.min(adults.length, Math.max(2, Math.round(adults.length * 0.03)));
  for (const v of rng.sample(adults, n)) {
    used.add(v);
    info.volunteers.push(v);
    roles.push({
      personId: v.person.idNumber,
      role: 'VOLUNTEER',
      scope: 'COMMUNITY',
      areaCode: info.code,
      gridCode: null,
      validFrom: rng.dateBetween(addYears(ctx.asOf, -3), addDays(ctx.asOf, -10)),
      validTo: null,
    });
  }
}

/** Street-scope staff: one information officer of the street office, from the street's residents. */
export function generateStreetStaff(ctx: BuildContext, street: StreetInfo, residents: readonly PersonDraft[]): void {
  const rng = branchRng(ctx, `streets/${street.code9}/staff`);
  const pick = takePerson(rng, residents, new Set(), 28, 55);
  if (pick === null) return;
  ctx.world.staffRoles.push({
    personId: pick.person.idNumber,
    role: 'INFO_OFFICER',
    scope: 'STREET',
    areaCode: street.code12,
    gridCode: null,
    validFrom: rng.dateBetween(addYears(ctx.asOf, -3), addDays(ctx.asOf, -30)),
    validTo: null,
  });
}
