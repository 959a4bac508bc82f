/**
 * Canonical changes: what a connector's `map()` (and the demo loader) hands to the hub's one
 * write path. A change names an entity and carries its fields in clear, with references to other
 * entities by their natural identifiers (codes, ID numbers, USCCs) — never by database ids. The
 * write path validates and normalises identifiers, computes matching keys, hashes and encrypts
 * personal identifiers, resolves references, and upserts idempotently under a version guard.
 *
 * Dates are `'YYYY-MM-DD'`; instants are ISO-8601 strings with an offset.
 */

/** Reference to an organisation: by USCC when known, else by 备案编号, else by name (+ area). */
export interface OrganizationRef {
  /** 统一社会信用代码. */
  uscc?: string | null;
  /** 备案编号 of a filed community social organisation. */
  filingNo?: string | null;
  /** Name as the source spells it; normalised before matching. */
  name: string;
  /** Kind to give the organisation if the ref has to be created. Default `OTHER`. */
  kind?: OrganizationKind;
  /** Area (12-digit code) the name is unique within. */
  areaCode?: string | null;
  /**
   * Old 9-character 组织机构代码 (USCC positions 9–17) when the source has no USCC; an
   * organisation whose USCC contains it is the same one.
   */
  orgCode?: string | null;
}

/**
 * Reference to a person. With an ID number the (keyed hash of the) ID is the key; without one
 * the person is matched by name + mobile (+ birth date when given) against the people the hub
 * knows (see `src/ingest/write/identity/README.md`). A name alone does not identify anybody.
 */
export interface PersonRef {
  idNumber?: string | null;
  name?: string | null;
  mobile?: string | null;
  birthDate?: string | null;
}

/** A building is identified by its project (小区 code) or its community, plus its number. */
export interface BuildingRef {
  communityCode: string;
  projectCode?: string | null;
  /** '3栋', '3号楼', '三栋' …; normalised before matching. */
  buildingNo: string;
}

export interface DwellingRef {
  building: BuildingRef;
  /** '2单元', '' when the building has no units. */
  unit: string;
  /** '501'. */
  room: string;
}

export type { OrganizationKind } from '../domain/organization-kind';
import type { OrganizationKind } from '../domain/organization-kind';

/** 行政区划. `code` is the NBS 12-digit code (a 6-digit GB/T 2260 code is padded). */
export interface AdminAreaInput {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'street' | 'community';
  /** Parent's code; `null` for a province. */
  parentCode: string | null;
  /** Year of the code table. Default 2023. */
  vintage?: number;
  urbanRuralClass?: string | null;
  /** Synthetic test data (invented communities). Default `false`. */
  isTest?: boolean;
}

/** 网格. `code` is 15 digits: the community's 12 + a 3-digit sequence. */
export interface GridInput {
  code: string;
  name: string;
  communityCode: string;
}

export interface OrganizationInput extends OrganizationRef {
  /** Leave unset when the source only refers to the organisation: a new row is then `OTHER` and a known one keeps its kind. */
  kind?: OrganizationKind;
  status?: 'ACTIVE' | 'CANCELLED' | 'REVOKED';
  socialOrgType?: string | null;
  registrationAuthority?: string | null;
  supervisor?: string | null;
  foundedOn?: string | null;
  address?: string | null;
  formerNames?: string[];
}

/** 小区 / 物业管理区域 and the property company serving it. */
export interface PropertyProjectInput {
  code: string;
  name: string;
  communityCode?: string | null;
  company?: OrganizationRef | null;
  contractFrom?: string | null;
  contractTo?: string | null;
  feePerM2?: number | null;
}

export interface BuildingInput extends BuildingRef {
  gridCode?: string | null;
  address?: string | null;
  units?: number | null;
  floors?: number | null;
}

export interface DwellingInput extends DwellingRef {
  gridCode?: string | null;
  floor?: number | null;
  areaM2?: number | null;
  usage?: string | null;
  rented?: boolean | null;
}

export interface HouseholdInput {
  /** 户号. */
  householdNo: string;
  kind: 'REGISTERED' | 'RESIDENT';
  dwelling?: DwellingRef | null;
  gridCode?: string | null;
  communityCode?: string | null;
}

/**
 * 居民. The ID number (18-digit or 15-digit legacy) is the matching key. A person a source knows
 * without an ID number (a reporter with a phone) needs a mobile or a birth date with the name;
 * the write path then matches them to a known person or creates one (with a review entry when
 * the evidence is ambiguous or weak).
 */
export interface PersonInput {
  idNumber?: string | null;
  name: string;
  sex?: 'M' | 'F' | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  mobile?: string | null;
  politicalStatus?: 'CPC_MEMBER' | 'CPC_PROBATIONARY' | 'CYL_MEMBER' | 'MASSES' | 'OTHER' | null;
  tags?: string[];
}

export interface ResidencyInput {
  personIdNumber: string;
  householdNo: string;
  relation?: string | null;
  category: 'REGISTERED' | 'FLOATING';
  validFrom?: string | null;
  /** End of residency; `null` means still living there (it clears an earlier end). */
  validTo?: string | null;
}

export interface PartyOrgInput {
  code: string;
  name: string;
  level: 'STREET_WORKING_COMMITTEE' | 'COMMUNITY_COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH' | 'GRID_BRANCH' | 'BUILDING_GROUP';
  parentCode?: string | null;
  areaCode?: string | null;
  gridCode?: string | null;
  /**
   * The organisation the party organisation is set up in (两新组织党建: a social organisation's or
   * a company's own branch; 红色物业: a property firm's branch; a residents' committee's 社区党委).
   * Unset or `null`: not said (a host stored before stays).
   */
  hostOrganization?: OrganizationRef | null;
}

export interface PartyMemberInput {
  personIdNumber: string;
  partyOrgCode?: string | null;
  status: 'FULL' | 'PROBATIONARY';
  joinedOn?: string | null;
  dualRegistered?: boolean;
}

/** 包片联户. `key` is the assignment's identity within its source. */
export interface ContactAssignmentInput {
  key: string;
  memberIdNumber: string;
  gridCode?: string | null;
  building?: BuildingRef | null;
  householdNos?: string[];
  validFrom?: string | null;
  validTo?: string | null;
}

export interface StaffRoleInput {
  /** The person by ID number; or, when the source has none, `person` (name + mobile). */
  personIdNumber?: string | null;
  /**
   * The person by name + mobile when the source gives no ID number (a grid worker listed by name
   * and phone). Only **linked**, never created: the role is written when exactly one person the
   * hub knows has that name and mobile (the identity rule of `src/ingest/write/identity`);
   * otherwise the record is rejected `UNLINKED_PERSON` (a dead letter, replayable once the person
   * is known). `personIdNumber` wins when both are set.
   */
  person?: PersonRef | null;
  role: 'GRID_WORKER' | 'INFO_OFFICER' | 'VOLUNTEER' | 'BUILDING_LEADER';
  scope: 'GRID' | 'COMMUNITY' | 'STREET';
  areaCode?: string | null;
  gridCode?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface DutyItemInput {
  code: string;
  streetCode: string;
  name: string;
  listType: 'POWER' | 'RESPONSIBILITY' | 'BASIC_DUTY' | 'ASSIST_DUTY' | 'WITHDRAWN';
  powerCategory?: string | null;
  basis?: string | null;
  responsibleUnit?: string | null;
}

export interface CaseEventInput {
  seq: number;
  from: string | null;
  to: string;
  at: string;
  actorOrg?: OrganizationRef | null;
  reason?: string | null;
  rawStatus?: string | null;
  /** A step the source skipped and the hub inferred. Default `false`. */
  inferred?: boolean;
}

/** 诉求 / 工单 / 事件 / 报修, identified by (source system, source number). */
export interface CaseInput {
  sourceSystem: string;
  sourceNo: string;
  kind: 'APPEAL' | 'INCIDENT' | 'REPAIR' | 'HOTLINE';
  channel?: string | null;
  appealType?: string | null;
  category?: string | null;
  title?: string | null;
  content?: string | null;
  reporterIdNumber?: string | null;
  /** The reporter when the source may not know their ID number (see {@link PersonRef}); `reporterIdNumber` wins when both are set. */
  reporter?: PersonRef | null;
  communityCode?: string | null;
  gridCode?: string | null;
  building?: BuildingRef | null;
  address?: string | null;
  status: string;
  urgent?: boolean;
  supervised?: boolean;
  returnsCount?: number;
  satisfaction?: 'SATISFIED' | 'BASICALLY_SATISFIED' | 'UNSATISFIED' | null;
  dutyItem?: { streetCode: string; code: string } | null;
  reportedAt: string;
  dueAt?: string | null;
  closedAt?: string | null;
  /** Handling units; the full set (replaces the stored set). */
  handlers?: { org: OrganizationRef; role: 'LEAD' | 'ASSIST' }[];
  /** The full event history (replaces the stored history). */
  events?: CaseEventInput[];
}

export interface ActivityInput {
  /** The activity's identity within its source. */
  key: string;
  type: string;
  title: string;
  areaCode?: string | null;
  startAt?: string | null;
  endAt?: string | null;
  organizers?: OrganizationRef[];
  /**
   * Participants by ID number, or — when the source has none — by name + mobile (`person`).
   * `hours` is the volunteer service record (志愿服务时长) of a participant who served, whatever
   * the activity's type; `null` or unset when the source recorded none (attendance): never
   * derived from the type or the duration.
   */
  participants?: { personIdNumber?: string | null; person?: PersonRef | null; hours?: number | null }[];
}

/**
 * A member unit of a 区域化党建联盟 (regional party-building alliance). The alliance is an
 * organisation of kind `ALLIANCE` whose area is the community or street it serves; a unit is a
 * member once (the pair is the identity), with its period of membership. Joint meetings (联席会议)
 * are activities organised by the alliance.
 */
export interface AllianceMemberInput {
  /** The alliance (kind `ALLIANCE`). */
  alliance: OrganizationRef;
  /** The member unit: a residents' committee, 驻区单位, property firm, social organisation …. */
  organization: OrganizationRef;
  /** `LEAD` for the unit that leads the alliance (牵头单位, usually the residents' committee or street). Default `MEMBER`. */
  role?: 'LEAD' | 'MEMBER';
  /** 共建项目: what the unit committed to, as the source wrote it; the full list (replaces the stored one). */
  commitments?: string[];
  joinedOn?: string | null;
  /** Left the alliance; `null` means still a member (it clears an earlier end). */
  leftOn?: string | null;
}

/** Entity inputs by entity name. */
export interface CanonicalInputs {
  adminArea: AdminAreaInput;
  grid: GridInput;
  organization: OrganizationInput;
  propertyProject: PropertyProjectInput;
  building: BuildingInput;
  dwelling: DwellingInput;
  household: HouseholdInput;
  person: PersonInput;
  residency: ResidencyInput;
  partyOrg: PartyOrgInput;
  partyMember: PartyMemberInput;
  allianceMember: AllianceMemberInput;
  contactAssignment: ContactAssignmentInput;
  staffRole: StaffRoleInput;
  dutyItem: DutyItemInput;
  case: CaseInput;
  activity: ActivityInput;
}

export type CanonicalEntity = keyof CanonicalInputs;

/**
 * One canonical upsert. `reference: true` marks a row the record only refers to (see
 * {@link reference}); by default a change is about what the record describes.
 */
export type CanonicalChange = { [E in CanonicalEntity]: { entity: E; data: CanonicalInputs[E]; reference?: boolean } }[CanonicalEntity];

/** Builds a typed change: `change('person', {...})`. */
export function change<E extends CanonicalEntity>(entity: E, data: CanonicalInputs[E]): CanonicalChange {
  return { entity, data } as CanonicalChange;
}

/**
 * Builds a change for a row the record only refers to and says so that the reference resolves
 * on a fresh store: the building and dwelling a resident lives in, the areas above a street.
 * The hub writes it like any change when the row is missing or the record says something new
 * about it (and then records the lineage); when the row already holds everything the change
 * says, the row is not written again and the record adds no lineage row or match for it.
 * A record keeps at least one lineage row, so use {@link change} for what it describes.
 */
export function reference<E extends CanonicalEntity>(entity: E, data: CanonicalInputs[E]): CanonicalChange {
  return { entity, data, reference: true } as CanonicalChange;
}
