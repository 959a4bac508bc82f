import { ANALYST_QUESTIONS } from './analyst-questions';

/**
 * The example operations the playground offers, titled in Chinese. They run against the demo data
 * (江岸区 420102, 大智街道 420102002, 丹城社区 420102002001) and are also the operations the
 * personal-information leak test runs (test/graphql/suites/examples-pi.suite.ts): every example
 * must run without errors, find data, and show personal information masked.
 *
 * To add one, append an object literal to {@link PLAYGROUND_EXAMPLES}; the page lists it in its
 * example picker and opens it with `/?example=<id>`.
 */
export interface PlaygroundExample {
  /** Stable id, used in `/?example=<id>` (letters, digits, `-`). */
  id: string;
  /** Chinese title, what the picker shows. */
  title: string;
  /** English title, shown smaller beside it (optional). */
  subtitle?: string;
  /** One or two sentences: what the operation answers (shown under the title). */
  description: string;
  /** The operation document. */
  query: string;
  /** Variables as an object. */
  variables: Record<string, unknown>;
}

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  {
    id: 'street-dashboard',
    title: '街道仪表盘',
    subtitle: "A street's dashboard",
    description: '一个街道的概况：人口、党员联户覆盖、工单按状态/月份/类别统计，以及各社区的指标。',
    query: `query StreetDashboard($street: String!, $from: DateTimeISO) {
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
}
`,
    variables: { street: '420102002', from: null },
  },
  {
    id: 'grid-households',
    title: '网格住户',
    subtitle: "A grid's households",
    description: '一个网格的工作人员、住户和每户居民（证件号、手机号已脱敏）。',
    query: `query GridHouseholds($grid: String!, $first: Int) {
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
}
`,
    variables: { grid: '420102002001001', first: 20 },
  },
  {
    id: 'case-history',
    title: '工单流转记录',
    subtitle: "A case's history",
    description: '一件已办结工单的全部信息：处置单位、状态流转和数据来源。',
    query: `query CaseHistory($area: String!) {
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
}
`,
    variables: { area: '420102002' },
  },
  {
    id: 'person-lineage',
    title: '居民数据来源',
    subtitle: 'Lineage of a person',
    description: '社区里前几位居民：数据来自哪些系统、住在哪一户、担任的角色和党员身份。',
    query: `# Names are masked, so a name filter takes a whole name (Traditional or full-width input finds
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
}
`,
    variables: { area: '420102002001' },
  },
  {
    id: 'three-levels',
    title: '社区→网格→住户→居民',
    subtitle: 'Communities → grids → households → residents',
    description: '逐级展开：街道下的社区、社区下的网格、网格里的住户和居民。',
    query: `query ThreeLevels($street: String!) {
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
}
`,
    variables: { street: '420102002' },
  },
  // the street analyst's ten questions, one operation each
  ...ANALYST_QUESTIONS,
];

/**
 * Subscriptions the playground opens after the queries (GraphiQL runs them over the WebSocket at
 * `/graphql`). Kept apart from {@link PLAYGROUND_EXAMPLES}, whose every entry is also run over
 * HTTP by the leak test: a subscription waits for changes (run a sync, or a case-flow mutation in
 * another tab, to see one arrive).
 */
export const PLAYGROUND_SUBSCRIPTIONS: readonly PlaygroundExample[] = [
  {
    id: 'live-cases',
    title: '实时事项变化',
    subtitle: 'Cases changing live',
    description: '订阅：街道里的工单一有变化就推送过来（在另一个标签页上报一件工单试试）。',
    query: `subscription LiveCases($area: String) {
  caseChanged(filter: { area: $area }) {
    id
    sourceNo
    title
    status
    dueAt
    area { code name }
  }
}
`,
    variables: { area: '420102002' },
  },
];
