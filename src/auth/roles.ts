/**
 * Who may read and do what: every role of the hub, declared once. `huiju auth roles` prints this
 * table and the README shows it; the GraphQL layer, the CLI and the server only ask it
 * (`canRead`, `can`, `seesL4`), they never decide a permission themselves.
 *
 * Reads are granted per **read class** (what kind of data a GraphQL type or root field holds);
 * acts per **permission**. Personal information is masked for every role (DOMAIN.md §6): a clear
 * ID number or mobile is only ever shown through `revealPerson`, which needs the `pi.reveal`
 * permission and writes an access-log row.
 */

/** What kind of data a GraphQL type or root field holds. */
export const READ_CLASSES = {
  /** 行政区划 and grids (L1). */
  areas: 'areas and grids (L1)',
  /** Organisations, duty lists (权责清单) (L1). */
  organizations: 'organisations and duty lists (L1)',
  /** Property projects, buildings, dwellings (L2). */
  places: 'property projects, buildings, dwellings (L2)',
  /** Persons, households, residencies, staff roles (L3, masked). */
  people: 'persons, households, residencies, staff roles (L3, masked)',
  /** Cases, their events and handlers (L3 text, masked). */
  cases: 'cases, case events, handlers (L3 text masked)',
  /** Activities and their participants (L2). */
  activities: 'activities and participants (L2)',
  /** Party organisations, members, 包片联户 assignments (L4: political identity). */
  party: 'party organisations, members, contact assignments (L4)',
  /** Dashboard aggregates (areaStats, caseStats); L4 groups < 5 suppressed for roles without L4. */
  aggregates: 'aggregates (areaStats, caseStats)',
  /** Lineage and field provenance of rows the caller can see. */
  lineage: 'lineage and provenance',
  /** Sources, sync runs, dead letters (masked), consumer lag, match reviews, merges. */
  operations: 'operations views (sources, sync runs, dead letters, lag, match reviews)',
  /** The access log (who revealed what, when, why). */
  accessLog: 'access log',
} as const;
export type ReadClass = keyof typeof READ_CLASSES;

/**
 * Read classes that have no area (sources, dead letters, the access log): a caller reads them only
 * when it is unscoped, so an ADMIN token limited to one street does not see hub-wide operations.
 */
export const UNSCOPED_READ_CLASSES: readonly ReadClass[] = ['operations', 'accessLog'];

/** What a caller may do (mutations and audited acts). */
export const PERMISSIONS = {
  /** `mergeEntities`, `undoMerge`, `dismissMatchReview`. */
  'identity.merge': 'merge and undo golden records, dismiss match reviews',
  /** `revealPerson`: a clear ID number and mobile, with a stated reason, logged. */
  'pi.reveal': 'reveal a person\'s clear ID number and mobile (audited)',
  /** `/metrics` when it is served behind a token. */
  'metrics.read': 'scrape /metrics',
  /** `huiju api-keys` and `huiju token issue` through the API (the CLI needs the store itself). */
  'auth.manage': 'manage API keys',
  /** `resetStream`, `pauseSource`, `resumeSource`: operator control of source syncs (recorded in the access log). */
  'sources.control': 'reset source streams, pause and resume sources',
  /** `reportCase`: 上报 a case for a channel with no system of its own (walk-in, grid patrol). */
  'case.report': 'report a case (walk-in, grid patrol)',
  /** `acceptCase`, `rejectCase`: 受理 / 不予受理. */
  'case.accept': 'accept or reject a reported case',
  /** `dispatchCase`: 派遣 to one or several units (联办). */
  'case.dispatch': 'dispatch a case to handling units',
  /** `signCase`, `startCase`: 签收, 开始办理 as a handling unit. */
  'case.sign': 'sign for and start a case as its handling unit',
  /** `returnCase`: 退单 as the lead unit (after the return limit it goes to arbitration). */
  'case.return': 'return a case to the dispatcher',
  /** `arbitrateCase`: 仲裁 — re-dispatch a case after the return limit. */
  'case.arbitrate': 'arbitrate a case returned too often',
  /** `extendCase`, `handleCase`: 延期, 办结 as the lead unit. */
  'case.handle': 'extend and report a case handled as its lead unit',
  /** `verifyCase`, `closeCase`, `revisitCase`, `reopenCase`, `archiveCase`: 核查, 结案, 回访, 重办, 归档. */
  'case.close': 'verify, close, revisit, reopen and archive cases',
  /** `superviseCase`: 督办 flag. */
  'case.supervise': 'set or lift the 督办 (supervision) flag on a case',
} as const;
export type Permission = keyof typeof PERMISSIONS;

/** How a role's area scope works. */
export type ScopeRule =
  /** The role reads the whole store; a scope given to it is ignored. */
  | 'none'
  /** The role reads the subtrees of its scope's codes; an empty scope means the whole store. */
  | 'optional'
  /** The role reads only the subtrees of its scope's codes; an empty scope means nothing. */
  | 'required';

/** One role's declaration. */
export interface RoleDeclaration {
  /** 中文 name and what the role is for. */
  readonly description: string;
  readonly scope: ScopeRule;
  /** Read classes the role may query. */
  readonly reads: readonly ReadClass[];
  /**
   * Whether the role sees L4 facts (party membership, special-population categories) as rows.
   * Without it, an L4 attribute may not be filtered on in lists, and aggregates over L4 groups
   * smaller than 5 are withheld (the small-group rule, src/auth/small-group.ts).
   */
  readonly l4: boolean;
  readonly permissions: readonly Permission[];
}

const ALL_READS = Object.keys(READ_CLASSES) as ReadClass[];
const STAFF_READS: readonly ReadClass[] = ['areas', 'organizations', 'places', 'people', 'cases', 'activities', 'party', 'aggregates', 'lineage'];

/** Every case-flow permission (ADMIN holds them all). */
const CASE_PERMISSIONS: readonly Permission[] = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p.startsWith('case.'));

/** What a handling unit (a residents' committee, a property firm's system) does with a case: report, sign, return, start, extend, handle. */
const HANDLING_UNIT_PERMISSIONS: readonly Permission[] = ['case.report', 'case.sign', 'case.return', 'case.handle'];

/**
 * Roles that act on any case in their scope as if they were its handling unit (a street office
 * signs or handles on a unit's behalf); other roles act only as one of the case's units.
 */
export const ACTS_FOR_ANY_UNIT: readonly string[] = ['ADMIN', 'STREET_STAFF'];

/** Every role, declared once. */
export const ROLES = {
  ADMIN: {
    description: '管理员 — everything, for the hub\'s administrators; also every caller in development mode',
    scope: 'optional',
    reads: ALL_READS,
    l4: true,
    permissions: ['identity.merge', 'pi.reveal', 'metrics.read', 'auth.manage', 'sources.control', ...CASE_PERMISSIONS],
  },
  OPERATOR: {
    description: '运维 — data engineers: sources (reset, pause, resume), sync runs, dead letters, match reviews and merges; people masked, no L4',
    scope: 'none',
    reads: ['areas', 'organizations', 'places', 'people', 'cases', 'activities', 'lineage', 'operations', 'aggregates'],
    l4: false,
    permissions: ['identity.merge', 'metrics.read', 'sources.control'],
  },
  STREET_STAFF: {
    description: '街道工作人员 — a street office\'s staff: everything inside its street, masked; may reveal (audited); runs the case flow (accept, dispatch, arbitrate, verify, close, supervise) and may act for any handling unit',
    scope: 'required',
    reads: STAFF_READS,
    l4: true,
    permissions: ['pi.reveal', 'case.report', 'case.accept', 'case.dispatch', 'case.arbitrate', 'case.close', 'case.supervise'],
  },
  COMMUNITY_STAFF: {
    description: '社区工作人员 — a residents\' committee\'s staff: everything inside its community, masked; may reveal (audited); reports cases and handles those dispatched to its unit',
    scope: 'required',
    reads: STAFF_READS,
    l4: true,
    permissions: ['pi.reveal', ...HANDLING_UNIT_PERMISSIONS],
  },
  GRID_WORKER: {
    description: '网格员 — a grid worker: people, places and cases inside the scope, masked; no L4; may reveal (audited); reports cases (grid patrol)',
    scope: 'required',
    reads: ['areas', 'organizations', 'places', 'people', 'cases', 'activities', 'aggregates'],
    l4: false,
    permissions: ['pi.reveal', 'case.report'],
  },
  ANALYST: {
    description: '分析员 — aggregates and public (L1) data only; L4 groups < 5 withheld',
    scope: 'optional',
    reads: ['areas', 'organizations', 'aggregates'],
    l4: false,
    permissions: [],
  },
  APP: {
    description: '应用 — a service account (API key): reads inside its scope, masked, no L4, only the GraphQL operations listed on its key; a handling unit\'s system (a property firm\'s) reports and handles cases as its unit',
    scope: 'required',
    reads: ['areas', 'organizations', 'places', 'people', 'cases', 'activities', 'aggregates'],
    l4: false,
    permissions: [...HANDLING_UNIT_PERMISSIONS],
  },
  AUDITOR: {
    description: '审计员 — the access log, and public (L1) data',
    scope: 'none',
    reads: ['areas', 'organizations', 'accessLog'],
    l4: false,
    permissions: [],
  },
} as const satisfies Record<string, RoleDeclaration>;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLES, value);
}

/** The declaration of `role`. */
export function roleOf(role: Role): RoleDeclaration {
  return ROLES[role];
}
