/**
 * The hub's operations the GraphQL benchmarks time (`graphql`, `graphql-peers`, `dashboards`, `scale`): one text each,
 * so every bench measures the same thing.
 */

/** The 3-level query; the same text runs on the hub and on the bare server. */
export const THREE_LEVELS = `{
  areas(filter: { level: COMMUNITY }, first: 4) {
    nodes {
      code
      name
      grids(first: 5) {
        nodes {
          code
          households(first: 10) {
            nodes { householdNo residents(first: 10) { edges { relation node { name birthYear } } } }
          }
        }
      }
    }
  }
}`;

/** A 1,000-row page. */
export const PAGE_1000 = `{ cases(first: 1000) { nodes { sourceNo kind channel category title status urgent reportedAt closedAt returnsCount } } }`;

/** Figures of `AreaStats` the dashboard shows (every one: the dashboards bench checks it). */
export const AREA_FIGURES = [
  'households',
  'residents',
  'floatingResidents',
  'floatingShare',
  'elderlyLivingAlone',
  'partyMembers',
  'householdsWithContact',
  'partyMemberHouseholdCoverage',
  'gridWorkers',
  'volunteers',
  'volunteerHours',
  'cases',
  'openCases',
  'gridsWithoutWorker',
  'suppressed',
] as const;

/** Figures of a `CaseStatsGroup` (the group keys other than `period` are null when grouping by MONTH). */
export const CASE_FIGURES = [
  'suppressed',
  'count',
  'closedCount',
  'overdueCount',
  'onTimeRate',
  'avgHoursToClose',
  'satisfactionRate',
  'returnsPerCase',
  'dutyShiftedCount',
  'committeeDutyCount',
  'dutyShiftRate',
] as const;

/** Computed figures of a 融合 index indicator. */
export const INDICATOR_FIGURES = ['id', 'suppressed', 'numerator', 'denominator', 'value', 'score'] as const;

/**
 * The street dashboard as ONE operation (`dashboards` and `scale` benches): `areaStats` of the street,
 * `caseStats` by month and, with `withFusion`, the 融合 index of a period — every figure each shows.
 */
export function dashboardOperation(withFusion: boolean): string {
  const fusion = withFusion
    ? `fusionIndex(area: $street, period: $period) { period startDay endDay score elements { element score indicators { ${INDICATOR_FIGURES.join(' ')} } } }`
    : '';
  return `query StreetDashboard($street: String!${withFusion ? ', $period: String' : ''}) {
  areaStats(code: $street) { area { code name } ${AREA_FIGURES.join(' ')} }
  caseStats(filter: { area: $street }, groupBy: [MONTH]) { groupBy total { period ...Figures } groups { period ...Figures } }
  ${fusion}
}
fragment Figures on CaseStatsGroup { ${CASE_FIGURES.join(' ')} }`;
}
