import { branchRng, type BuildContext, type PersonDraft } from './build-context';
import { addDays, addYears, maxDate } from './calendar';
import type { CommunityInfo } from './generate-community';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Age from which a member may be placed in the retirees' branch. */
const RETIREE_AGE = 75;

/**
 * 党组织 below the community committee, 党员 and 包片联户 for one community:
 * - every current resident whose politicalStatus is CPC_MEMBER / CPC_PROBATIONARY becomes a
 *   member (FULL / PROBATIONARY), so persons and members always agree;
 * - membership sits in the grid branch of the member's home, in the retirees' branch (some
 *   members aged 75+, when there are at least three), or, for 在职党员双报到, in a resident
 *   unit's organisation of the street (`dualRegistered: true`);
 * - a 楼栋党小组 exists for every building with at least two grid-branch members;
 * - in each grid one to three full members take households of that grid (包片联户); some
 *   assignments ended and were handed over to another member.
 */
export function generateParty(ctx: BuildContext, info: CommunityInfo): void {
  const w = ctx.world;
  const rng = branchRng(ctx, `${info.path}/party`);
  const members = info.current.filter((d) => d.person.politicalStatus === 'CPC_MEMBER' || d.person.politicalStatus === 'CPC_PROBATIONARY');
  info.partyMembers = members;
  const branchByGrid = new Map(info.grids.map((g) => [g.code, g.branchCode]));

  const elders = members.filter((d) => d.age >= RETIREE_AGE);
  const retireeCode = elders.length >= 3 ? `P${info.code}-R` : null;
  if (retireeCode !== null) {
    w.partyOrgs.push({
      code: retireeCode,
      name: `${info.name}离退休党员党支部`,
      level: 'BRANCH',
      parentCode: info.partyCode,
      areaCode: info.code,
      gridCode: null,
      organizationKey: null,
    });
  }

  const unitOrgs = info.street.unitPartyOrgCodes;
  const joinedOnOf = new Map<PersonDraft, string>();
  const inBuildingBranch = new Map<string, number>();
  for (const d of members) {
    const full = d.person.politicalStatus === 'CPC_MEMBER';
    const birth = d.person.birthDate;
    const joinedOn = full
      ? rng.dateBetween(addYears(birth, 18), addDays(ctx.asOf, -366))
      : rng.dateBetween(maxDate(addYears(birth, 18), addDays(ctx.asOf, -364)), addDays(ctx.asOf, -1));
    joinedOnOf.set(d, joinedOn);
    const dual = unitOrgs.length > 0 && full && d.age >= 25 && d.age <= 58 && rng.chance(0.35);
    let orgCode: string;
    if (dual) orgCode = rng.pick(unitOrgs);
    else if (retireeCode !== null && d.age >= RETIREE_AGE && rng.chance(0.5)) orgCode = retireeCode;
    else {
      orgCode = branchByGrid.get(d.gridCode)!;
      inBuildingBranch.set(d.buildingKey, (inBuildingBranch.get(d.buildingKey) ?? 0) + 1);
    }
    w.partyMembers.push({
      personId: d.person.idNumber,
      partyOrgCode: orgCode,
      status: full ? 'FULL' : 'PROBATIONARY',
      joinedOn,
      dualRegistered: dual,
    });
  }

  // 楼栋党小组.
  for (const b of info.buildings) {
    if ((inBuildingBranch.get(b.building.key) ?? 0) < 2) continue;
    const branch = branchByGrid.get(b.building.gridCode)!;
    w.partyOrgs.push({
      code: `${branch}-${pad(b.seq, 3)}`,
      name: `${b.label}党小组`,
      level: 'BUILDING_GROUP',
      parentCode: branch,
      areaCode: info.code,
      gridCode: b.building.gridCode,
      organizationKey: null,
    });
  }

  // 包片联户.
  for (const grid of info.grids) {
    const crng = branchRng(ctx, `${info.path}/contacts/${grid.seq}`);
    const candidates = members.filter((d) => d.gridCode === grid.code && d.person.politicalStatus === 'CPC_MEMBER' && d.age >= 25 && d.age <= 72);
    if (candidates.length === 0 || grid.householdNos.length === 0) continue;
    const chosen = crng.sample(candidates, crng.int(1, 3));
    const spare = candidates.filter((d) => !chosen.includes(d));
    const households = crng.shuffle(grid.householdNos);
    let next = 0;
    let seq = 0;
    for (const member of chosen) {
      if (next >= households.length) break;
      const size = crng.int(6, 15);
      const mine = households.slice(next, next + size);
      next += size;
      const earliest = maxDate(joinedOnOf.get(member)!, addYears(ctx.asOf, -3));
      const validFrom = crng.dateBetween(earliest, addDays(ctx.asOf, -90));
      let validTo = spare.length > 0 && crng.chance(0.15) ? crng.dateBetween(addDays(validFrom, 60), addDays(ctx.asOf, -10)) : null;
      // The successor must already be a member on the hand-over day.
      const eligible = validTo === null ? [] : spare.filter((d) => joinedOnOf.get(d)! <= validTo!);
      if (eligible.length === 0) validTo = null;
      ctx.world.contactAssignments.push({
        id: `CA-${grid.code}-${pad(++seq, 2)}`,
        memberPersonId: member.person.idNumber,
        partyOrgCode: grid.branchCode,
        gridCode: grid.code,
        householdNos: mine,
        validFrom,
        validTo,
      });
      if (validTo !== null) {
        const successor = crng.pick(eligible);
        spare.splice(spare.indexOf(successor), 1);
        ctx.world.contactAssignments.push({
          id: `CA-${grid.code}-${pad(++seq, 2)}`,
          memberPersonId: successor.person.idNumber,
          partyOrgCode: grid.branchCode,
          gridCode: grid.code,
          householdNos: mine.slice(),
          validFrom: addDays(validTo, 1),
          validTo: null,
        });
      }
    }
  }
}
