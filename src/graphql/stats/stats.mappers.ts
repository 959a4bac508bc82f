import type { AdminAreaType } from '../area/admin-area.type';
import type { CaseStatus } from '../case/case.enums';
import { toGlobalId } from '../common/global-id';
import type { DutyListType } from '../duty/duty-item.type';
import type { OrganizationKind } from '../organization/organization.enums';
import type { AreaStatsRow } from './area-stats.repository';
import { AreaStatsType, GridStatsType, type PlaceStatsFigures } from './area-stats.types';
import type { GridType } from '../grid/grid.type';
import type { CaseStatsRow } from './case-stats.repository';
import { CaseStatsGroupType } from './case-stats.types';
import type { Caller } from '../../auth/caller';
import { isL4Category, isSmallGroup, smallGroupSuppression, type Suppression } from '../../auth/small-group';
import { roundHours, roundRate } from './round-rate';

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
  g.handlingUnitId = row.handling_unit_id === null ? null : toGlobalId('Organization', row.handling_unit_id);
  g.handlingUnitName = row.handling_unit_name;
  g.handlingUnitKind = row.handling_unit_kind as OrganizationKind | null;
  g.dispatcherId = row.dispatcher_id === null ? null : toGlobalId('Organization', row.dispatcher_id);
  g.dispatcherName = row.dispatcher_name;
  g.dispatcherKind = row.dispatcher_kind as OrganizationKind | null;
  g.dutyItemId = row.duty_item_id === null ? null : toGlobalId('DutyItem', row.duty_item_id);
  g.dutyItemCode = row.duty_item_code;
  g.dutyItemName = row.duty_item_name;
  g.dutyItemListType = row.duty_item_list_type as DutyListType | null;
  g.suppressed = suppress;
  g.count = suppress ? null : row.count;
  g.closedCount = suppress ? null : row.closed_count;
  g.overdueCount = suppress ? null : row.overdue_count;
  g.onTimeRate = suppress ? null : roundRate(row.on_time_rate);
  g.avgHoursToClose = suppress ? null : roundHours(row.avg_hours_to_close);
  g.satisfactionRate = suppress ? null : roundRate(row.satisfaction_rate);
  g.returnsPerCase = suppress ? null : roundRate(row.returns_per_case);
  g.dutyShiftedCount = suppress ? null : row.duty_shifted_count;
  g.committeeDutyCount = suppress ? null : row.committee_duty_count;
  g.dutyShiftRate = suppress || row.committee_duty_count === 0 ? null : roundRate(row.duty_shifted_count / row.committee_duty_count);
  return g;
}

/**
 * The texts of a group's keys that can name an L4 attribute of the people concerned: its
 * category, its duty item (最低生活保障申请受理) and the units handling or dispatching it
 * (退役军人事务局) — a unit or item named for an L4 matter says what its cases are about.
 */
export function l4KeyTexts(row: CaseStatsRow): (string | null)[] {
  return [row.category, row.duty_item_name, row.handling_unit_name, row.dispatcher_name];
}

/**
 * The small-group rule for caseStats, for `caller` (src/auth/small-group.ts
 * `smallGroupSuppression`): which groups are withheld and whether the total is.
 */
export function caseStatsSuppression(caller: Caller, total: CaseStatsRow, groups: readonly CaseStatsRow[], filterIsL4: boolean): Suppression {
  return smallGroupSuppression(caller, {
    counts: groups.map((g) => g.count),
    sensitive: (i) => l4KeyTexts(groups[i]!).some(isL4Category),
    filterIsL4,
    total: total.count,
  });
}

/** Fills the figures of an area or a grid; the L4 figure `partyMembers` follows the small-group rule for `caller` (src/auth/small-group.ts). */
function fillPlaceFigures(t: PlaceStatsFigures, row: AreaStatsRow, smallGroupRule: boolean): void {
  const suppressed: string[] = [];
  t.households = row.households;
  t.residents = row.residents;
  t.floatingResidents = row.floating_residents;
  t.floatingShare = row.residents > 0 ? roundRate(row.floating_residents / row.residents) : null;
  t.elderlyLivingAlone = row.elderly_living_alone;
  t.partyMembers = smallGroupRule && isSmallGroup(row.party_members) ? null : row.party_members;
  if (t.partyMembers === null) suppressed.push('partyMembers');
  t.householdsWithContact = row.households_with_contact;
  t.partyMemberHouseholdCoverage = row.households > 0 ? roundRate(row.households_with_contact / row.households) : null;
  t.gridWorkers = row.grid_workers;
  t.volunteers = row.volunteers;
  t.volunteerHours = row.volunteer_hours;
  t.cases = row.cases;
  t.openCases = row.open_cases;
  t.gridsWithoutWorker = row.grids_without_worker;
  t.suppressed = suppressed;
}

/** Maps area figures; `partyMembers` (L4) of 1–4 is withheld when `smallGroupRule` applies (src/auth/small-group.ts `smallGroupRuleApplies`). */
export function toAreaStatsType(row: AreaStatsRow, area: AdminAreaType, smallGroupRule: boolean): AreaStatsType {
  const t = new AreaStatsType();
  t.area = area;
  fillPlaceFigures(t, row, smallGroupRule);
  return t;
}

/** Maps grid figures, like {@link toAreaStatsType}. */
export function toGridStatsType(row: AreaStatsRow, grid: GridType, smallGroupRule: boolean): GridStatsType {
  const t = new GridStatsType();
  t.grid = grid;
  fillPlaceFigures(t, row, smallGroupRule);
  return t;
}
