/**
 * The example operations the playground opens with, titled in Chinese and English. They
 * run against the demo data (江岸区 420102, 大智街道 420102002, 丹城社区 420102002001) and are
 * also the operations the personal-information leak test runs: every example's response must
 * show personal information masked.
 */
export interface PlaygroundExample {
  /** Stable id, used in `/?example=<id>`. */
  id: string;
  /** Chinese title. */
  titleZh: string;
  /** English title. */
  titleEn: string;
  /** The operation (its first line is a comment with both titles). */
  query: string;
  /** Variables as an object. */
  variables: Record<string, unknown>;
}

function op(id: string, titleZh: string, titleEn: string, body: string, variables: Record<string, unknown>): PlaygroundExample {
  return { id, titleZh, titleEn, query: `# ${titleZh} / ${titleEn}\n${body.trim()}\n`, variables };
}

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  op(
    'street-dashboard',
    '街道仪表盘',
    'A street\'s dashboard',
    `
query StreetDashboard($street: String!, $from: DateTimeISO) {
  areaStats(code: $street) {
    area { code name }
    households
    residents
    partyMembers
    partyMemberHouseholdCoverage
    gridWorkers
    volunteers
    volunteerHours
    openCases
    suppressed
  }
  byStatus: caseStats(filter: { area: $street, reportedFrom: $from }, groupBy: [STATUS]) {
    total { count closedCount onTimeRate avgHoursToClose satisfactionRate returnsPerCase }
    groups { status count }
  }
  byMonth: caseStats(filter: { area: $street, reportedFrom: $from }, groupBy: [MONTH]) {
    groups { period count onTimeRate satisfactionRate }
  }
  byCategory: caseStats(filter: { area: $street }, groupBy: [CATEGORY]) {
    groups { category suppressed count avgHoursToClose }
  }
  communities: areas(filter: { within: $street, level: COMMUNITY }) {
    nodes { code name stats { households residents partyMemberHouseholdCoverage openCases } }
  }
}`,
    { street: '420102002', from: null },
  ),
  op(
    'grid-households',
    '网格住户',
    'A grid\'s households',
    `
query GridHouseholds($grid: String!, $first: Int) {
  grid(code: $grid) {
    code
    name
    community { code name }
    staff { nodes { role person { name mobileMasked } } }
    households(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        householdNo
        kind
        dwelling { building { buildingNo address } }
        residents {
          edges {
            relation
            category
            node { name sex birthYear idNumberMasked mobileMasked }
          }
        }
      }
    }
  }
}`,
    { grid: '420102002001001', first: 20 },
  ),
  op(
    'case-history',
    '工单流转记录',
    'A case\'s history',
    `
query CaseHistory($area: String!) {
  cases(first: 1, filter: { area: $area, status: [CLOSED, ARCHIVED] }) {
    nodes {
      id
      sourceSystem
      sourceNo
      kind
      category
      title
      content
      address
      status
      reportedAt
      dueAt
      closedAt
      overdue
      returnsCount
      satisfaction
      reporter { name mobileMasked }
      grid { code name }
      dutyItem { code name listType }
      handlers { role organization { name kind } }
      events { seq fromStatus toStatus at rawStatus reason inferred actor { name } }
      sources { source stream externalId firstSeen lastSeen }
    }
  }
}`,
    { area: '420102002' },
  ),
  op(
    'person-lineage',
    '居民数据来源',
    'Lineage of a person',
    `
# Names are masked, so a name filter takes a whole name (Traditional or full-width input finds
# Simplified data: 陳 finds 陈); here the first residents of a community.
query PersonLineage($area: String!) {
  persons(first: 3, filter: { area: $area }) {
    totalCount
    nodes {
      id
      name
      idNumberMasked
      mobileMasked
      birthYear
      sources { source stream externalId firstSeen lastSeen }
      residencies {
        category
        relation
        household { householdNo grid { code } sources { source stream externalId lastSeen } }
      }
      roles { role scope }
      partyMembership { status partyOrg { name } }
    }
  }
}`,
    { area: '420102002001' },
  ),
  op(
    'three-levels',
    '社区→网格→住户→居民',
    'Communities → grids → households → residents',
    `
query ThreeLevels($street: String!) {
  areas(filter: { within: $street, level: COMMUNITY }, first: 2) {
    totalCount
    nodes {
      code
      name
      grids(first: 2) {
        nodes {
          code
          households(first: 3) {
            nodes { householdNo residents { nodes { name birthYear } } }
          }
        }
      }
    }
  }
}`,
    { street: '420102002' },
  ),
];

/**
 * Subscriptions the playground opens after the queries (GraphiQL runs them over the WebSocket at
 * `/graphql`). Kept apart from {@link PLAYGROUND_EXAMPLES}, whose every entry is also run over
 * HTTP by the leak test: a subscription waits for changes (run a sync, or a case-flow mutation in
 * another tab, to see one arrive).
 */
export const PLAYGROUND_SUBSCRIPTIONS: readonly PlaygroundExample[] = [
  op(
    'live-cases',
    '实时事项变化',
    'Cases changing live',
    `
subscription LiveCases($area: String) {
  caseChanged(filter: { area: $area }) {
    id
    sourceNo
    title
    status
    dueAt
    area { code name }
  }
}`,
    { area: '420102002' },
  ),
];

