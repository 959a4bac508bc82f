/**
 * The synthetic World: the *truth* a demo or test run starts from, before it is rendered into
 * the inputs of the four source systems (SOURCES.md) with their spellings and mess. Plain,
 * JSON-serialisable data keyed by natural keys (area codes, citizen ID numbers, household
 * numbers, source case numbers); every reference between collections uses those keys.
 *
 * Everything here is invented except the administrative frame (湖北省 → 武汉市 → 江岸区 and its
 * street codes). Communities are marked `isTest`. Identifier check characters are computed,
 * except for the deliberately bad values listed in {@link World.planted}. Synthetic ID numbers
 * and mobiles are format-valid and may belong to real people: they never leave the machine.
 */

/** Level of an administrative area (统计用区划). */
export type AreaLevel = 'province' | 'city' | 'district' | 'street' | 'community';

/** 行政区划: one node of the administrative tree, province down to community (居委会). */
export interface WorldArea {
  /** NBS 12-digit 统计用区划代码, e.g. `420102002001`. */
  code: string;
  /** Official-style name: `江岸区`, `大智街道`, `兴华社区`. Community names are invented. */
  name: string;
  /** Tree level. */
  level: AreaLevel;
  /** Code of the parent area; `null` for the province. */
  parentCode: string | null;
  /** NBS 城乡分类代码 (`111` 主城区 …); only communities carry one, `null` above. */
  urbanRuralClass: string | null;
  /** True for invented areas (every community); real areas (province … street) are `false`. */
  isTest: boolean;
}

/** 网格: a grid of a community, the unit grid workers cover. */
export interface WorldGrid {
  /** 15 digits: the community's 12-digit code + a 3-digit sequence ≠ `000`. */
  code: string;
  /** `兴华社区第一网格`. */
  name: string;
  /** Code of the community ({@link WorldArea} at level `community`) the grid belongs to. */
  communityCode: string;
}

/** Kind of organisation (单位 / 组织). Party organisations live in {@link World.partyOrgs}. */
export type OrganizationKind =
  | 'STREET_OFFICE'
  | 'RESIDENTS_COMMITTEE'
  | 'OWNERS_COMMITTEE'
  | 'SOCIAL_ORG'
  | 'PROPERTY_COMPANY'
  | 'RESIDENT_UNIT'
  | 'GOVERNMENT_DEPT'
  /** 区域化党建联盟 of a community or a street (its `areaCode`); its units are {@link World.allianceMembers}. */
  | 'ALLIANCE';

/** Registration status (登记状态: 正常 / 注销 / 撤销). */
export type OrganizationStatus = 'ACTIVE' | 'CANCELLED' | 'REVOKED';

/** 社会组织类型 as the civil-affairs registry spells it (民办非企业单位 and 社会服务机构 are one type). */
export type SocialOrgType = '社会团体' | '民办非企业单位' | '社会服务机构' | '基金会' | '社区社会组织';

/** 单位 / 组织: one organisation of any kind, kind-specific fields optional. */
export interface WorldOrganization {
  /** Natural key inside the world, readable and stable: `street-office/420102002`, `rc/420102002001`, `property/03`. */
  key: string;
  /** What the organisation is. */
  kind: OrganizationKind;
  /** Current name. */
  name: string;
  /**
   * 统一社会信用代码 with computed check characters: `11`/`12` street offices and departments,
   * `55` residents' committees, `51`/`52`/`53` social organisations, `91` firms and some
   * resident units. `null` when the organisation has none (owners' committees, filed
   * community social organisations). Planted exceptions are listed in {@link World.planted}.
   */
  uscc: string | null;
  /** 备案编号 of a filed (not registered) organisation: community social organisations, owners' committees. */
  filingNo: string | null;
  /** NBS code of the area the organisation belongs to or works in (活动地域 for social organisations). */
  areaCode: string;
  /** Registration status; cancelled and revoked organisations stay in the world. */
  status: OrganizationStatus;
  /** Social organisations only: the registry's type. */
  socialOrgType?: SocialOrgType;
  /** 登记管理机关 (social organisations) or the street office a filing was made with. */
  registrationAuthority?: string;
  /** 业务主管单位 of a social organisation. */
  supervisor?: string;
  /** 法定代表人 / 负责人: a {@link WorldPerson.idNumber}, when that person is in the world. */
  legalRepresentativeId?: string;
  /** 成立登记日期 `YYYY-MM-DD`. */
  foundedOn?: string;
  /** 住所 / registered address. */
  address?: string;
  /** Earlier names, oldest first (renamed organisations keep their USCC). */
  formerNames?: string[];
  /** Property companies: 红色物业 (party-building-led property service). */
  redProperty?: boolean;
  /** Owners' committees: the {@link WorldPropertyProject.code} they represent. */
  projectCode?: string;
}

/** 小区 / 物业管理区域: a housing estate served by one property company at a time. */
export interface WorldPropertyProject {
  /** Project code as the property firms' systems use it: `XQ` + community code + 2-digit seq. */
  code: string;
  /** 小区 name, e.g. `锦绣花园`. */
  name: string;
  /** Community the estate lies in. */
  communityCode: string;
  /** {@link WorldOrganization.key} of the current property company. */
  companyKey: string;
  /** Current service contract (物业服务合同). */
  contract: {
    /** First day, `YYYY-MM-DD`. */
    from: string;
    /** Last day, `YYYY-MM-DD`. */
    to: string;
    /** 物业费 in yuan per m² per month. */
    feePerM2: number;
  };
  /** Street address of the estate's main gate: `武汉市江岸区胜利街128号`. */
  address: string;
}

/** 楼栋: one building, inside an estate or a loose building on a street (老旧散楼). */
export interface WorldBuilding {
  /** Community code + `-B` + 3-digit seq: `420102002001-B007`. */
  key: string;
  /** Estate it belongs to; `null` for loose buildings with no property company. */
  projectCode: string | null;
  /** Community the building lies in. */
  communityCode: string;
  /** Grid that covers the building. */
  gridCode: string;
  /** Building number as written on it: `3栋`. */
  no: string;
  /** Number of 单元 (stairwells). */
  units: number;
  /** Number of floors above ground. */
  floors: number;
  /** Full address down to the building: `武汉市江岸区胜利街128号锦绣花园3栋`. */
  address: string;
}

/** 房屋: one dwelling (户室) of a building. */
export interface WorldDwelling {
  /** Building key + unit + room: `420102002001-B007-2-0301`. */
  key: string;
  /** {@link WorldBuilding.key}. */
  buildingKey: string;
  /** 单元, e.g. `2单元`. */
  unit: string;
  /** Floor, 1-based. */
  floor: number;
  /** 房号, e.g. `301`. */
  room: string;
  /** 建筑面积 in m², two decimals. */
  areaM2: number;
  /** 房屋用途. */
  usage: '住宅' | '商业' | '办公';
  /** 是否出租. */
  rented: boolean;
  /** Grid code (same as the building's). */
  gridCode: string;
}

/** 户: a household living in a dwelling. */
export interface WorldHousehold {
  /**
   * 户号: 12 digits, `1`/`2` (户籍户/居住户) + street and community segments of the
   * community code (6 digits) + 5-digit seq.
   */
  householdNo: string;
  /** 户籍户 (registered here) or 居住户 (living here, registered elsewhere). */
  kind: 'REGISTERED' | 'RESIDENT';
  /** {@link WorldDwelling.key} the household lives in. */
  dwellingKey: string;
  /** Grid of the dwelling. */
  gridCode: string;
}

/** 政治面貌. */
export type PoliticalStatus = 'CPC_MEMBER' | 'CPC_PROBATIONARY' | 'CYL_MEMBER' | 'MASSES';

/** 居民 / 实有人口: one person, the golden record. */
export interface WorldPerson {
  /**
   * 公民身份号码, 18 characters with a computed check character; the natural key every other
   * collection refers to. Planted persons carry the planted (bad or messy) value here.
   */
  idNumber: string;
  /** Name in Simplified characters (planted: Traditional or mojibake). */
  name: string;
  /** Sex, consistent with the parity of the ID's sequence digit (odd = male). */
  sex: 'M' | 'F';
  /** `YYYY-MM-DD`, the same date the ID encodes. */
  birthDate: string;
  /** 民族, e.g. `汉族`, `土家族`. */
  ethnicity: string;
  /** 11-digit mobile matching `^1[3-9]\d{9}$`, unique; `null` for young children and some elders. */
  mobile: string | null;
  /** 政治面貌 (L4). Party members appear in {@link World.partyMembers}. */
  politicalStatus: PoliticalStatus;
  /** 人员标签 (L4): `独居老人`, `空巢老人`, `高龄老人`, `残疾人`, `低保`, `特困人员`, `退役军人`. */
  tags: string[];
}

/** Relation to the head of household (与户主关系). */
export type HouseholdRelation = '户主' | '配偶' | '子女' | '父母' | '其他';

/** Membership of a person in a household over a period. */
export interface WorldResidency {
  /** {@link WorldPerson.idNumber}. */
  personId: string;
  /** {@link WorldHousehold.householdNo}. */
  householdNo: string;
  /** 与户主关系. */
  relation: HouseholdRelation;
  /** 户籍人口 or 流动人口. */
  category: 'REGISTERED' | 'FLOATING';
  /** First day, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last day, `YYYY-MM-DD`; `null` while the person still lives there. */
  validTo: string | null;
}

/** Level of a party organisation. */
export type PartyOrgLevel =
  | 'STREET_WORKING_COMMITTEE'
  | 'COMMUNITY_COMMITTEE'
  | 'GENERAL_BRANCH'
  | 'BRANCH'
  | 'GRID_BRANCH'
  | 'BUILDING_GROUP';

/** 党组织: 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组, plus unit and retiree branches. */
export interface WorldPartyOrg {
  /**
   * `P` + area code for street and community organisations (`P420102002`, `P420102002001`),
   * `P` + grid code for grid branches, grid branch + `-` + building seq for building groups,
   * `P<street>-U<nn>` for resident-unit organisations, `P<community>-R` for retiree branches.
   */
  code: string;
  /** `中共武汉市江岸区大智街道工作委员会`, `兴华社区第一网格党支部`. */
  name: string;
  /** Level in the party tree. */
  level: PartyOrgLevel;
  /** Parent organisation's code; `null` for street working committees (the district is outside the world). */
  parentCode: string | null;
  /** Street or community code the organisation sits in. */
  areaCode: string;
  /** Grid of grid branches and building groups; `null` above. */
  gridCode: string | null;
  /** {@link WorldOrganization.key} of the organisation this party body belongs to (street office, residents' committee, resident unit), if any. */
  organizationKey: string | null;
}

/** 党员 (L4): membership of a person in a party organisation. */
export interface WorldPartyMember {
  /** {@link WorldPerson.idNumber}; the person's politicalStatus is CPC_MEMBER or CPC_PROBATIONARY. */
  personId: string;
  /** {@link WorldPartyOrg.code} holding the membership. */
  partyOrgCode: string;
  /** 正式党员 (FULL, politicalStatus CPC_MEMBER) or 预备党员 (PROBATIONARY, CPC_PROBATIONARY). */
  status: 'FULL' | 'PROBATIONARY';
  /** 入党日期 `YYYY-MM-DD`, on or after the 18th birthday. */
  joinedOn: string;
  /** 在职党员双报到: membership is in a resident unit's organisation and the member also reports to the home community. */
  dualRegistered: boolean;
}

/** 包片联户: a party member's assigned households in a grid. */
export interface WorldContactAssignment {
  /** `CA-` + grid code + `-` + 2-digit seq. */
  id: string;
  /** {@link WorldPerson.idNumber} of the party member. */
  memberPersonId: string;
  /** {@link WorldPartyOrg.code} the assignment is made by (the grid branch). */
  partyOrgCode: string;
  /** Grid the households are in. */
  gridCode: string;
  /** {@link WorldHousehold.householdNo} list, all in `gridCode`. */
  householdNos: string[];
  /** First day, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last day; `null` while current. */
  validTo: string | null;
}

/** 区域化党建联盟成员单位: a unit's membership of an alliance. */
export interface WorldAllianceMember {
  /** {@link WorldOrganization.key} of the alliance (kind `ALLIANCE`): `alliance/<area code>`. */
  allianceKey: string;
  /** {@link WorldOrganization.key} of the member unit (residents' committee, 驻区单位, property firm, social organisation, street office). */
  organizationKey: string;
  /** `LEAD` for the 牵头单位 (the residents' committee of a community's alliance, the street office of a street's). */
  role: 'LEAD' | 'MEMBER';
  /** 共建项目 the unit committed to. */
  commitments: string[];
  /** 加入日期 `YYYY-MM-DD`, on or after the alliance was founded. */
  joinedOn: string;
  /** 退出日期; `null` while a member. */
  leftOn: string | null;
}

/** 网格员 / 信息员 / 志愿者 / 楼栋长. */
export type StaffRoleKind = 'GRID_WORKER' | 'INFO_OFFICER' | 'VOLUNTEER' | 'BUILDING_LEADER';

/** A person's role in grid governance for a period. */
export interface WorldStaffRole {
  /** {@link WorldPerson.idNumber}. */
  personId: string;
  /** The role. */
  role: StaffRoleKind;
  /** What the role covers. */
  scope: 'GRID' | 'COMMUNITY' | 'STREET';
  /** Community code for GRID and COMMUNITY scope, street code for STREET scope. */
  areaCode: string;
  /** Grid for GRID scope, `null` otherwise. */
  gridCode: string | null;
  /** First day. */
  validFrom: string;
  /** Last day; `null` while current. */
  validTo: string | null;
  /** Building leaders: the {@link WorldBuilding.key} they lead. */
  buildingKey?: string;
}

/** 权责清单 list type: 权力 / 责任 / 基本履职 / 配合履职 / 收回. */
export type DutyListType = 'POWER' | 'RESPONSIBILITY' | 'BASIC_DUTY' | 'ASSIST_DUTY' | 'WITHDRAWN';

/** 权责清单事项: one item of a street's list of powers and duties. */
export interface WorldDutyItem {
  /** Street code + list abbreviation + seq: `420102002-JC-003`. */
  code: string;
  /** 12-digit code of the street the list belongs to (`420102002000`). */
  streetCode: string;
  /** 事项名称. */
  name: string;
  /** 清单类型. */
  listType: DutyListType;
  /** 职权类别: `行政处罚`, `行政检查`, `公共服务`, `其他行政权力` … */
  powerCategory: string;
  /** 实施依据: the law or regulation. */
  basis: string;
  /** 责任单位: the street office's department. */
  responsibleUnit: string;
}

/** A case's status: see DOMAIN.md §5 and `src/domain/case-state.ts`. */
export type WorldCaseStatus =
  | 'REPORTED'
  | 'REJECTED'
  | 'ACCEPTED'
  | 'DISPATCHED'
  | 'SIGNED'
  | 'IN_PROGRESS'
  | 'HANDLED'
  | 'CLOSED'
  | 'ARCHIVED'
  | 'RETURNED'
  | 'ARBITRATION'
  | 'EXTENDED'
  | 'VERIFY_FAILED'
  | 'REOPENED';

/** One transition of a case (CaseEvent). */
export interface WorldCaseEvent {
  /** 1-based position in the case's history. */
  seq: number;
  /** Status before; `null` for the first event. */
  from: WorldCaseStatus | null;
  /** Status after. */
  to: WorldCaseStatus;
  /** ISO-8601 with `+08:00`, non-decreasing along the history, never after the as-of date. */
  at: string;
  /** {@link WorldOrganization.key} that made the move; `null` when the reporter did (REPORTED). */
  actorOrgKey: string | null;
  /** DISPATCHED events: the organisation the case was sent to; `null` otherwise. */
  targetOrgKey: string | null;
  /** Why (退单理由, 延期理由, 不予受理理由, 回访不满意 …); `null` for routine steps. */
  reason: string | null;
  /** The status label the source system shows for this step, or `null` when the source does not record it (the connector infers it). */
  rawStatus: string | null;
}

/** 诉求 / 工单 / 事件 / 报修: one case from one source system. */
export interface WorldCase {
  /** Which system the case comes from; with `sourceNo` the natural key. */
  sourceSystem: 'committee-api' | 'property-events' | '12345';
  /** The source's number (ticket_no, order_no, 12345 工单号), unique within the source. */
  sourceNo: string;
  /** 诉求 (APPEAL), 网格事件 (INCIDENT), 报修 (REPAIR), 12345 工单 (HOTLINE). */
  kind: 'APPEAL' | 'INCIDENT' | 'REPAIR' | 'HOTLINE';
  /** 渠道: 电话 / 微信 / 网格上报 / 来访 / 12345 / 物业. */
  channel: string;
  /** 诉求类型 咨询/求助/投诉/举报/建议; `null` for incidents and repairs. */
  appealType: string | null;
  /** Category (`环境卫生`, `噪音扰民`, repairs: `水电`, `电梯` …). */
  category: string;
  /** Short title. */
  title: string;
  /** Free text as a clerk typed it; may contain the reporter's mobile or ID number (see `piiInContent`). */
  content: string;
  /** {@link WorldPerson.idNumber} of the reporter; `null` when anonymous. Grid incidents name the grid worker. */
  reporterPersonId: string | null;
  /** Community the case is about. */
  communityCode: string;
  /** Grid, when known. */
  gridCode: string | null;
  /** Address text. */
  address: string;
  /** 紧急: same-day time limit. */
  urgent: boolean;
  /** 督办. */
  supervised: boolean;
  /** Units that handle it now: one LEAD (主办), any ASSIST (协办, JOINT when present). Units a case was returned by are only in the events. */
  handlingUnits: { orgKey: string; role: 'LEAD' | 'ASSIST' }[];
  /** Full history, legal under the case state machine. */
  events: WorldCaseEvent[];
  /** Current status: the last event's `to`. */
  status: WorldCaseStatus;
  /** 回访满意度 of the last revisit, for CLOSED/ARCHIVED cases with a reporter; `null` otherwise. */
  satisfaction: 'SATISFIED' | 'BASICALLY_SATISFIED' | 'UNSATISFIED' | null;
  /** The first event's time. */
  reportedAt: string;
  /** 办理时限 (working days, weekends skipped), including any extension granted. */
  dueAt: string;
  /** Time of the last CLOSED or REJECTED event, for cases now CLOSED, ARCHIVED or REJECTED; `null` while open. */
  closedAt: string | null;
  /** {@link WorldDutyItem.code} that obliges the lead unit, when the category maps to one of the street's items. */
  dutyItemCode: string | null;
  /** Building the case is about, when known (always for repairs). */
  buildingKey?: string | null;
  /** Repairs: the {@link WorldPropertyProject.code}. */
  projectCode?: string | null;
  /** Repairs: escalated to the residents' committee (业务协同流转); the committee is then an ASSIST unit. */
  escalatedToCommittee?: boolean;
  /** Another case (other channel) about the same matter: linked, never merged. */
  linkedCase?: { sourceSystem: WorldCase['sourceSystem']; sourceNo: string } | null;
  /**
   * Variant district only: the case this one merely looks like — same reporter and category,
   * another building, days apart, another channel. Not the same matter: must stay unlinked.
   */
  lookAlikeOf?: { sourceSystem: WorldCase['sourceSystem']; sourceNo: string };
  /** Which personal identifiers appear in clear inside `content`. */
  piiInContent: ('MOBILE' | 'ID_NUMBER')[];
}

/** 党建活动 / 联席会议 / 志愿服务 / 议事协商. */
export interface WorldActivity {
  /** `ACT-` + community code + `-` + 3-digit seq. */
  id: string;
  /** Activity type as the committee platform names it. */
  type: '主题党日' | '联席会议' | '志愿服务' | '议事协商';
  /** Title. */
  title: string;
  /** {@link WorldOrganization.key}s of the organisers: a joint meeting's alliance first, else the residents' committee first. */
  organizerOrgKeys: string[];
  /** Community where it took place. */
  communityCode: string;
  /** Start, ISO with `+08:00`. */
  startAt: string;
  /** End, ISO with `+08:00`. */
  endAt: string;
  /**
   * Who took part ({@link WorldPerson.idNumber}) and, for those who served (志愿服务, a party day
   * of service), the hours served: the volunteer service record. `null` for attending a meeting.
   */
  participants: { personId: string; hours: number | null }[];
}

/** Kinds of deliberately bad or messy values the generator plants. */
export type PlantedDefect =
  | 'INVALID_ID_CHECKSUM'
  | 'INVALID_ID_DATE'
  | 'LEGACY_15_DIGIT_ID'
  | 'LOWERCASE_X'
  | 'FULL_WIDTH_DIGITS'
  | 'RETIRED_AREA_CODE'
  | 'TRADITIONAL_NAME'
  | 'MOJIBAKE_NAME'
  | 'INVALID_MOBILE'
  | 'DECORATED_MOBILE'
  | 'USCC_CHECKSUM_PILOT'
  | 'USCC_INVALID_FORMAT'
  | 'MOJIBAKE_TEXT'
  /** Variant district: the S1 resident export holds the ID as an xlsx number cell (15 significant digits left). */
  | 'EXCEL_NUMERIC_ID'
  /** Variant district: the S1 resident export (CSV saved by Excel) holds the ID as `4.20103E+17`. */
  | 'EXCEL_SCIENTIFIC_ID'
  /** Variant district: the S1 resident export (CSV saved by Excel) holds the mobile as `1.38123E+10`. */
  | 'EXCEL_SCIENTIFIC_MOBILE';

/** One planted value: where it is and what is wrong with it. */
export interface WorldPlanted {
  /** Collection name in {@link World}: `persons`, `organizations`, `cases`. */
  collection: string;
  /** Natural key of the record as stored (the planted value itself when the key is planted); cases: `sourceSystem/sourceNo`. */
  key: string;
  /** Field holding the planted value. */
  field: string;
  /** What is wrong. */
  defect: PlantedDefect;
  /** Human explanation, incl. the clean value where one exists (e.g. the correct ID). */
  note: string;
}

/** Generation parameters and collection sizes. */
export interface WorldMeta {
  /** The seed the world was generated from. */
  seed: string;
  /** Profile name (`tiny`, `ci`, `perf`). */
  profile: string;
  /** As-of date `YYYY-MM-DD`: nothing in the world happens after the end of this day. */
  asOf: string;
  /** Street codes (9 digits) generated, in generation order (the variant district's last). */
  streetCodes: string[];
  /** Set when the world has the variant district (`variants: true`): its 6-digit code. */
  variantDistrict?: string;
  /** Number of records per collection. */
  counts: Record<string, number>;
}

/** The whole synthetic world. */
export interface World {
  /** 行政区划: province, city, district, streets, communities. */
  areas: WorldArea[];
  /** 网格. */
  grids: WorldGrid[];
  /** 单位 / 组织 of every kind. */
  organizations: WorldOrganization[];
  /** 小区. */
  propertyProjects: WorldPropertyProject[];
  /** 楼栋. */
  buildings: WorldBuilding[];
  /** 房屋. */
  dwellings: WorldDwelling[];
  /** 户. */
  households: WorldHousehold[];
  /** 居民. */
  persons: WorldPerson[];
  /** Household memberships. */
  residencies: WorldResidency[];
  /** 党组织. */
  partyOrgs: WorldPartyOrg[];
  /** 党员. */
  partyMembers: WorldPartyMember[];
  /** 包片联户. */
  contactAssignments: WorldContactAssignment[];
  /** 区域化党建联盟成员单位. */
  allianceMembers: WorldAllianceMember[];
  /** 网格员 / 信息员 / 志愿者 / 楼栋长. */
  staffRoles: WorldStaffRole[];
  /** 权责清单. */
  dutyItems: WorldDutyItem[];
  /** 诉求 / 事件 / 报修 / 12345 工单. */
  cases: WorldCase[];
  /** 活动. */
  activities: WorldActivity[];
  /** Registry of planted bad values. */
  planted: WorldPlanted[];
  /** Seed, profile, as-of date, counts. */
  meta: WorldMeta;
}

/** Names of the array collections of a {@link World}. */
export type WorldCollection = Exclude<keyof World, 'meta'>;

/** Every array collection, in the order they appear in a serialised world. */
export const WORLD_COLLECTIONS: readonly WorldCollection[] = [
  'areas',
  'grids',
  'organizations',
  'propertyProjects',
  'buildings',
  'dwellings',
  'households',
  'persons',
  'residencies',
  'partyOrgs',
  'partyMembers',
  'contactAssignments',
  'allianceMembers',
  'staffRoles',
  'dutyItems',
  'cases',
  'activities',
  'planted',
];
