import type { AdminAreaType } from '../area/admin-area.type';
import type { CaseStatus } from '../case/case.enums';
import type { AreaStatsRow } from './area-stats.repository';
import { AreaStatsType } from './area-stats.types';
import type { CaseStatsRow } from './case-stats.repository';
import { CaseStatsGroupType } from './case-stats.types';
import { isL4Category, isSmallGroup } from '../../auth/small-group';

/** Maps one group; `suppress` withholds every figure. */
export function toCaseStatsGroupType(row: CaseStatsRow, suppress: boolean): CaseStatsGroupType {
  const g = new CaseStatsGroupType();
  g.status = row.status as CaseStatus | null;
  g.category = row.category;
  g.channel = row.channel;
  g.areaCode = row.area_code;
  g.areaName = row.area_name;
  g.gridCode = row.grid_code;
  g.gridName = row.grid_name;
  g.period = row.period;
  g.suppressed = suppress;
  g.count = suppress ? null : row.count;
  g.closedCount = suppress ? null : row.closed_count;
  g.overdueCount = suppress ? null : row.overdue_count;
  g.onTimeRate = suppress ? null : row.on_time_rate;
  g.avgHoursToClose = suppress ? null : row.avg_hours_to_close;
  g.satisfactionRate = suppress ? null : row.satisfaction_rate;
  g.returnsPerCase = suppress ? null : row.returns_per_case;
  return g;
}

/**
 * Which groups to withhold. A group is L4-sensitive when its category (grouped by, or the only
 * category the filter allows) is an L4 attribute; sensitive groups of 1–4 cases are withheld
 * (primary suppression). When exactly one group would be withheld, the next smallest sensitive
 * group is withheld too, so the total minus the visible groups does not give it away
 * (secondary suppression).
 */
export function suppressedGroups(groups: readonly CaseStatsRow[], filterCategories: readonly string[] | null): Set<number> {
  const filterIsL4 = filterCategories !== null && filterCategories.length > 0 && filterCategories.every(isL4Category);
  const sensitive = groups.map((g) => filterIsL4 || isL4Category(g.category));
  const withheld = new Set<number>();
  groups.forEach((g, i) => {
    if (sensitive[i] && isSmallGroup(g.count)) withheld.add(i);
  });
  if (withheld.size === 1) {
    let next = -1;
    groups.forEach((g, i) => {
      if (sensitive[i] && !withheld.has(i) && (next < 0 || g.count < groups[next]!.count)) next = i;
    });
    if (next >= 0) withheld.add(next);
  }
  return withheld;
}

/** Maps area figures; `partyMembers` (L4) of 1–4 is withheld when `smallGroupRule` applies (src/auth/small-group.ts). */
export function toAreaStatsType(row: AreaStatsRow, area: AdminAreaType, smallGroupRule: boolean): AreaStatsType {
  const t = new AreaStatsType();
  const suppressed: string[] = [];
  t.area = area;
  t.households = row.households;
  t.residents = row.residents;
  if (smallGroupRule && isSmallGroup(row.party_members)) {
    t.partyMembers = null;
    suppressed.push('partyMembers');
  } else {
    t.partyMembers = row.party_members;
  }
  t.householdsWithContact = row.households_with_contact;
  t.partyMemberHouseholdCoverage = row.households > 0 ? row.households_with_contact / row.households : null;
  t.gridWorkers = row.grid_workers;
  t.volunteers = row.volunteers;
  t.volunteerHours = row.volunteer_hours;
  t.cases = row.cases;
  t.openCases = row.open_cases;
  t.suppressed = suppressed;
  return t;
}
