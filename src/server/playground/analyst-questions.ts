import type { PlaygroundExample } from './examples';

/**
 * The street analyst's ten everyday questions (issue #12), each answered by ONE GraphQL operation.
 * They are playground examples (titled in Chinese, listed after the others), the README's
 * "Analyst's guide" shows each question with its operation (test/graphql/analyst-questions.test.ts
 * checks the README holds every operation verbatim), and that test runs each one on the `ci` demo
 * and checks the answer against counts it computes from the rows itself.
 *
 * Variables name the demo's 大智街道 (420102002). The demo's cases run to June 2026, so "this
 * month" is 2026-06 and "the last six months" January–June 2026; times are China time (+08:00).
 * Several figures are L4 or read lists an ANALYST may not read: the questions are a street
 * office's (STREET_STAFF) — see the README's roles table.
 */
export const ANALYST_QUESTIONS: readonly PlaygroundExample[] = [
  {
    id: 'q1-overdue-by-community',
    title: '问题1：本月各社区超期工单',
    subtitle: 'Overdue cases per community this month',
    description: '本月到期的工单按社区统计：到期数和其中超期数（超期 = 晚于办理时限办结，或过了时限仍未办结）。',
    query: `query OverdueByCommunity($street: String!, $monthStart: DateTimeISO!, $monthEnd: DateTimeISO!) {
  caseStats(filter: { area: $street, dueAfter: $monthStart, dueBefore: $monthEnd }, groupBy: [AREA]) {
    total { count overdueCount }
    groups { areaCode areaName count overdueCount }
  }
}
`,
    variables: { street: '420102002', monthStart: '2026-06-01T00:00:00+08:00', monthEnd: '2026-07-01T00:00:00+08:00' },
  },
  {
    id: 'q2-contact-coverage-by-grid',
    title: '问题2：各网格党员包片联户覆盖',
    subtitle: 'Households covered by party members (包片联户), per grid',
    description: '街道每个网格的户数、有党员联户的户数和覆盖率。',
    query: `query ContactCoverageByGrid($street: String!) {
  grids(filter: { area: $street }, orderBy: { field: CODE }, first: 200) {
    nodes {
      code
      name
      community { name }
      stats { households householdsWithContact partyMemberHouseholdCoverage }
    }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q3-party-organizations-in-organizations',
    title: '问题3：建立党组织的社会组织和物业公司',
    subtitle: 'Social organisations and property firms with a party organisation',
    description: '辖区内建有党组织（两新组织党建、红色物业）的社会组织和物业公司，及其党组织。',
    query: `query PartyOrganizationsInOrganizations($street: String!) {
  organizations(filter: { area: $street, kind: [SOCIAL_ORG, PROPERTY_COMPANY], hasPartyOrganization: true }, orderBy: { field: NAME }, first: 200) {
    totalCount
    nodes { name kind partyOrgs { code name level } }
  }
  all: organizations(filter: { area: $street, kind: [SOCIAL_ORG, PROPERTY_COMPANY] }) { totalCount }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q4-duty-shifted',
    title: '问题4：转嫁给社区的工作（转嫁责任）',
    subtitle: 'Cases dispatched to a community for a duty it does not hold',
    description: '居委会办理、但事项不在社区工作事项清单上的工单：各社区的数量和转嫁率，以及派单单位和事项排行。',
    query: `query DutyShifted($street: String!) {
  byCommunity: caseStats(filter: { area: $street, handlingUnitKind: [RESIDENTS_COMMITTEE] }, groupBy: [AREA]) {
    total { committeeDutyCount dutyShiftedCount dutyShiftRate }
    groups { areaCode areaName committeeDutyCount dutyShiftedCount dutyShiftRate }
  }
  byDispatcher: caseStats(filter: { area: $street, dutyShifted: true }, groupBy: [DISPATCHER, DUTY_ITEM], orderBy: { field: COUNT, direction: DESC }, limit: 10) {
    groups { dispatcherName dutyItemCode dutyItemName dutyItemListType count }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q5-repairs-by-property-firm',
    title: '问题5：各物业公司报修工单状态',
    subtitle: 'Repair orders per property firm, by status',
    description: '报修工单按主办单位（物业公司）和状态统计。',
    query: `query RepairsByPropertyFirm($street: String!) {
  caseStats(filter: { area: $street, kind: [REPAIR] }, groupBy: [HANDLING_UNIT, STATUS]) {
    total { count }
    groups { handlingUnitName handlingUnitKind status count }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q6-volunteer-hours-by-community',
    title: '问题6：各社区志愿服务时长',
    subtitle: 'Volunteer hours per community',
    description: '各社区的在册志愿者人数和志愿服务时长（参与记录的服务时长之和，不看活动类型）。',
    query: `query VolunteerHoursByCommunity($street: String!) {
  areas(filter: { within: $street, level: COMMUNITY }, orderBy: { field: CODE }) {
    nodes { code name stats { volunteers volunteerHours } }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q7-floating-share-by-community',
    title: '问题7：各社区流动人口占比',
    subtitle: 'Share of floating residents per community',
    description: '各社区实有人口、流动人口和流动人口占比。',
    query: `query FloatingShareByCommunity($street: String!) {
  areas(filter: { within: $street, level: COMMUNITY }, orderBy: { field: CODE }) {
    nodes { code name stats { residents floatingResidents floatingShare } }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q8-top-categories-six-months',
    title: '问题8：近六个月诉求分类及满意度',
    subtitle: 'Top categories and satisfaction, last six months',
    description: '近六个月工单最多的十个事项分类，及各分类的满意率。',
    query: `query TopCategories($street: String!, $from: DateTimeISO!, $to: DateTimeISO!) {
  caseStats(filter: { area: $street, reportedFrom: $from, reportedTo: $to }, groupBy: [CATEGORY], orderBy: { field: COUNT, direction: DESC }, limit: 10) {
    total { count satisfactionRate }
    groups { category count satisfactionRate }
  }
}
`,
    variables: { street: '420102002', from: '2026-01-01T00:00:00+08:00', to: '2026-07-01T00:00:00+08:00' },
  },
  {
    id: 'q9-grids-without-worker',
    title: '问题9：没有在岗网格员的网格',
    subtitle: 'Grids without a current grid worker',
    description: '街道内当前没有在岗网格员的网格，以及各社区的网格员人数和空缺网格数。',
    query: `query GridsWithoutWorker($street: String!) {
  grids(filter: { area: $street, hasGridWorker: false }, orderBy: { field: CODE }, first: 200) {
    totalCount
    nodes { code name community { name } }
  }
  areas(filter: { within: $street, level: COMMUNITY }, orderBy: { field: CODE }) {
    nodes { code name stats { gridWorkers gridsWithoutWorker } }
  }
}
`,
    variables: { street: '420102002' },
  },
  {
    id: 'q10-elderly-living-alone',
    title: '问题10：各社区80岁以上独居老人',
    subtitle: 'Residents aged 80+ living alone, per community',
    description: '按社区统计80岁及以上、且是其户内唯一在住居民的老人人数（年龄按北京时间的今天计算）。',
    query: `query ElderlyLivingAlone($street: String!) {
  personStats(filter: { area: $street, ageFrom: 80, livingAlone: true }, groupBy: [AREA], orderBy: { field: COUNT, direction: DESC }) {
    total { count }
    groups { areaCode areaName count }
  }
}
`,
    variables: { street: '420102002' },
  },
];
