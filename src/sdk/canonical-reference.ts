import type { ActivityInput, BuildingRef, CanonicalEntity, CanonicalInputs, CaseEventInput, CaseInput, DwellingRef, OrganizationRef, PersonRef } from './canonical-change';

/**
 * The canonical model described as data: every entity and every field a `change()` may carry,
 * with its natural key and meaning. `connectors/README.md` ("Canonical entities") is generated
 * from it (`huiju connectors reference --write`) and a test fails when the README is stale.
 *
 * The types below make the compiler hold this in step with `canonical-change.ts`: a field added
 * to an input without a description, a description of a field that does not exist, or a
 * required field described as optional (or the other way round) does not compile.
 */

/** A field a change must carry. */
export interface RequiredFieldDoc {
  readonly required: true;
  readonly meaning: string;
}

/** Describes a required field (an optional one is described by its plain text). */
export function must(meaning: string): RequiredFieldDoc {
  return { required: true, meaning };
}

/** One description per field of `T`: plain text for an optional field, {@link must} for a required one. */
export type FieldDocs<T> = { readonly [K in keyof T]-?: object extends Pick<T, K> ? string : RequiredFieldDoc };

/** What the reference says about one entity. */
export interface EntityDoc<T> {
  /** The domain term (Chinese where it helps) and what one row is. */
  readonly summary: string;
  /** What identifies a row: two changes with the same natural key are about the same row. */
  readonly naturalKey: string;
  /** Sets a change replaces as a whole rather than merging into the stored set. Default: none. */
  readonly replacedSets?: string;
  readonly fields: FieldDocs<T>;
}

/** A shape used inside several entities (references, list items). */
export interface NestedTypeDoc<T> {
  readonly summary: string;
  readonly fields: FieldDocs<T>;
}

const DATE = "`'YYYY-MM-DD'`";
const INSTANT = 'ISO-8601 instant with an offset';

/** Every canonical entity, by name (the names `change()` takes). */
export const CANONICAL_ENTITY_DOCS: { readonly [E in CanonicalEntity]: EntityDoc<CanonicalInputs[E]> } = {
  adminArea: {
    summary: '行政区划: a province, city, district, street (街道) or community (社区).',
    naturalKey: '`code`: the 12-digit NBS code (a 6-digit GB/T 2260 code is padded with zeros).',
    fields: {
      code: must('12-digit NBS area code.'),
      name: must('Name as written.'),
      level: must('`province` | `city` | `district` | `street` | `community`.'),
      parentCode: must('Code of the area above; `null` only for a province.'),
      vintage: 'Year of the code table. Default 2023.',
      urbanRuralClass: 'NBS urban-rural class code (`111` …).',
      isTest: 'Synthetic test area (invented communities). Default `false`.',
    },
  },
  grid: {
    summary: '网格: a grid of a community, the unit grid workers serve.',
    naturalKey: '`code`: 15 digits, the community\'s 12 + a 3-digit sequence.',
    fields: {
      code: must('15-digit grid code.'),
      name: must('Name as written.'),
      communityCode: must("The community's 12-digit code (empty: the code's first 12 digits)."),
    },
  },
  organization: {
    summary: '单位 / 组织: any organisation — street office, residents\' committee, owners\' committee, social organisation, property company, unit in the area (驻区单位), government department, party organisation\'s host, alliance.',
    naturalKey: '`uscc`, else `filingNo`, else `orgCode`, else (`areaCode`, normalised `name`). A USCC failing its check digit is kept and flagged for review.',
    fields: {
      uscc: '统一社会信用代码 (18 characters).',
      filingNo: '备案编号 of a filed community social organisation.',
      name: must('Name as the source spells it (matched by its normalised form; the previous name is kept in `formerNames` when it changes).'),
      kind: '`STREET_OFFICE` | `RESIDENTS_COMMITTEE` | `OWNERS_COMMITTEE` | `SOCIAL_ORG` | `PROPERTY_COMPANY` | `RESIDENT_UNIT` | `GOVERNMENT_DEPT` | `PARTY_ORG` | `ALLIANCE` | `OTHER`. Leave unset when only referring to it (a new row is then `OTHER`, a known one keeps its kind).',
      areaCode: 'Area (12-digit code) it belongs to; the scope its name is unique in when it has no code.',
      orgCode: 'Old 9-character 组织机构代码 when the source has no USCC (an organisation whose USCC contains it is the same one).',
      status: '`ACTIVE` | `CANCELLED` | `REVOKED`. Default `ACTIVE`.',
      socialOrgType: '社会组织类型 (社会团体, 社会服务机构, 基金会, 社区社会组织).',
      registrationAuthority: '登记管理机关.',
      supervisor: '业务主管单位.',
      foundedOn: `成立登记日期, ${DATE}.`,
      address: 'Registered address (住所).',
      formerNames: '曾用名: earlier names, as written.',
    },
  },
  propertyProject: {
    summary: '小区 / 物业管理区域: a housing estate and the property company serving it.',
    naturalKey: '`code`: the project code (trimmed, half-width, upper-case).',
    fields: {
      code: must('Project code.'),
      name: must('Name as written.'),
      communityCode: 'Community the estate lies in.',
      company: 'The property company (an organisation reference).',
      contractFrom: `Service contract start, ${DATE}.`,
      contractTo: `Service contract end, ${DATE}.`,
      feePerM2: 'Property fee per m² and month, yuan.',
    },
  },
  building: {
    summary: '楼栋: a building.',
    naturalKey: '`projectCode` (else `communityCode`) + the normalised `buildingNo` (`3栋`, `3号楼`, `三栋` are one building).',
    fields: {
      communityCode: must('Community of the building (may be empty when `projectCode` is given).'),
      projectCode: 'The estate (小区) it belongs to.',
      buildingNo: must("Building number as written: '3栋', '3号楼', '三栋', 'A座'."),
      gridCode: 'Grid the building is in.',
      address: 'Street address as written.',
      units: 'Number of units (单元).',
      floors: 'Number of floors.',
    },
  },
  dwelling: {
    summary: '房屋: one flat or room of a building.',
    naturalKey: 'The building\'s key + normalised `unit` + normalised `room`.',
    fields: {
      building: must('The building (a building reference).'),
      unit: must("'2单元'; `''` when the building has no units."),
      room: must("'501', '501室'."),
      gridCode: 'Grid the dwelling is in.',
      floor: 'Floor.',
      areaM2: 'Floor area, m².',
      usage: 'Use as written (住宅, 商铺 …).',
      rented: 'Let to tenants.',
    },
  },
  household: {
    summary: '户: a registered (户籍) or resident household.',
    naturalKey: '`householdNo` (户号, normalised).',
    fields: {
      householdNo: must('户号.'),
      kind: must('`REGISTERED` (户籍户) | `RESIDENT` (a household living there).'),
      dwelling: 'Where it lives (a dwelling reference).',
      gridCode: 'Grid it belongs to.',
      communityCode: "Community it belongs to (default: the grid's community).",
    },
  },
  person: {
    summary: '居民: a person. ID number and mobile are stored only as keyed hash + ciphertext.',
    naturalKey: 'The keyed hash of the normalised 18-digit `idNumber` (a 15-digit one is upgraded). Without an ID number: `name` + `mobile` and/or `birthDate`, matched to a known person by the identity step (a review entry when ambiguous); a name alone is `MISSING_FIELD`.',
    fields: {
      idNumber: '公民身份号码, as the source wrote it (the write path validates and normalises it).',
      name: must('Name as written.'),
      sex: '`M` | `F` (default: from the ID number).',
      birthDate: `${DATE} (default: from the ID number).`,
      ethnicity: '民族.',
      mobile: 'Mobile number in any common spelling (`+86 139-1234-5678`).',
      politicalStatus: '政治面貌 (L4): `CPC_MEMBER` | `CPC_PROBATIONARY` | `CYL_MEMBER` | `MASSES` | `OTHER`.',
      tags: 'Special-population tags (L4: 空巢, 高龄, 独居, 低保, 残疾 …): the full list; never shown by the API.',
    },
  },
  residency: {
    summary: 'A person\'s membership of a household (who lives where).',
    naturalKey: '(`personIdNumber`, `householdNo`).',
    fields: {
      personIdNumber: must('The person\'s ID number.'),
      householdNo: must('The household\'s 户号.'),
      relation: 'Relation to the head of household (户主, 配偶, 子女 …).',
      category: must('`REGISTERED` (户籍人口) | `FLOATING` (流动人口).'),
      validFrom: `Moved in, ${DATE}.`,
      validTo: `Moved out, ${DATE}; \`null\` means still living there (it clears an earlier end). A full snapshot ends the residencies it no longer lists.`,
    },
  },
  partyOrg: {
    summary: '党组织: a party organisation, from the street working committee down to a building group.',
    naturalKey: '`code` (trimmed, half-width, upper-case).',
    fields: {
      code: must('Party organisation code.'),
      name: must('Name as written.'),
      level: must('`STREET_WORKING_COMMITTEE` | `COMMUNITY_COMMITTEE` | `GENERAL_BRANCH` | `BRANCH` | `GRID_BRANCH` | `BUILDING_GROUP`.'),
      parentCode: 'Code of the organisation above.',
      areaCode: 'Area it serves (default: its grid\'s community).',
      gridCode: 'Grid of a grid branch.',
      hostOrganization: 'The organisation it is set up in (两新组织党建, 红色物业, a committee\'s 社区党委); unset or `null` says nothing.',
    },
  },
  partyMember: {
    summary: '党员 (L4): a person\'s party membership, one per person.',
    naturalKey: '`personIdNumber`.',
    fields: {
      personIdNumber: must('The member\'s ID number.'),
      partyOrgCode: 'The party organisation the member belongs to.',
      status: must('`FULL` | `PROBATIONARY`.'),
      joinedOn: `${DATE}.`,
      dualRegistered: '双报到: a member registered at work who also reports to the community. Default `false`.',
    },
  },
  allianceMember: {
    summary: '区域化党建联盟成员单位: a unit\'s membership of an alliance (an organisation of kind `ALLIANCE`).',
    naturalKey: '(`alliance`, `organization`): the two organisations\' keys.',
    replacedSets: '`commitments`.',
    fields: {
      alliance: must('The alliance (an organisation reference, kind `ALLIANCE`).'),
      organization: must('The member unit (an organisation reference).'),
      role: '`LEAD` (牵头单位) | `MEMBER`. Default `MEMBER`.',
      commitments: '共建项目, as written; the full list.',
      joinedOn: `${DATE}.`,
      leftOn: `${DATE}; \`null\` means still a member (it clears an earlier end).`,
    },
  },
  contactAssignment: {
    summary: '包片联户: a party member\'s assigned households.',
    naturalKey: '`key`: the assignment\'s identity within its source.',
    replacedSets: '`householdNos`.',
    fields: {
      key: must('The assignment\'s identity within its source.'),
      memberIdNumber: must('The party member\'s ID number.'),
      gridCode: 'Grid the assignment covers.',
      building: 'Building the assignment covers (a building reference).',
      householdNos: 'The households assigned (户号); the full set.',
      validFrom: `${DATE}.`,
      validTo: `${DATE}; \`null\` means current (it clears an earlier end).`,
    },
  },
  staffRole: {
    summary: '网格员 / 信息员 / 志愿者 / 楼栋长: a person\'s role in an area or grid.',
    naturalKey: '(person, `role`, `gridCode` else `areaCode`); the person by `personIdNumber`, else by `person` (name + mobile), linked only to a person the hub knows.',
    fields: {
      personIdNumber: 'The person\'s ID number (wins over `person`).',
      person: 'The person by name + mobile when the source gives no ID number: only linked, never created — written when exactly one known person has that name and mobile, else `UNLINKED_PERSON`.',
      role: must('`GRID_WORKER` | `INFO_OFFICER` | `VOLUNTEER` | `BUILDING_LEADER`.'),
      scope: must('`GRID` | `COMMUNITY` | `STREET`.'),
      areaCode: 'Area served (one of `areaCode`, `gridCode` is required).',
      gridCode: 'Grid served.',
      validFrom: `${DATE}.`,
      validTo: `${DATE}; \`null\` means current (it clears an earlier end).`,
    },
  },
  dutyItem: {
    summary: '权力清单 / 责任清单 item: a street\'s duty list entry, which cases link to.',
    naturalKey: '(`streetCode`, `code`).',
    fields: {
      code: must('Item code within the street\'s list.'),
      streetCode: must('The street\'s 12-digit code.'),
      name: must('Name as written.'),
      listType: must('`POWER` | `RESPONSIBILITY` | `BASIC_DUTY` | `ASSIST_DUTY` | `WITHDRAWN` (which decides whether it is on a community\'s work list).'),
      powerCategory: '职权类别 (行政许可, 行政处罚 …).',
      basis: 'Legal basis (设定依据).',
      responsibleUnit: 'Responsible unit, as written.',
    },
  },
  case: {
    summary: '诉求 / 工单 / 事件 / 报修: an appeal, incident, repair order or hotline ticket.',
    naturalKey: '(`sourceSystem`, `sourceNo`).',
    replacedSets: '`handlers` and `events` (the hub\'s own steps, origin HUB, stay).',
    fields: {
      sourceSystem: must('The system that numbered it (`12345`, `committee-platform` …).'),
      sourceNo: must('Its number there.'),
      kind: must('`APPEAL` | `INCIDENT` | `REPAIR` | `HOTLINE`.'),
      channel: 'How it came in (vocabulary, normalised).',
      appealType: '诉求类型 (vocabulary, normalised).',
      category: 'Category (vocabulary, normalised).',
      title: 'Title as written (ID numbers and mobiles inside are masked).',
      content: 'Text as written (ID numbers and mobiles inside are masked).',
      reporterIdNumber: 'The reporter\'s ID number.',
      reporter: 'The reporter when the ID number may be unknown (a person reference); `reporterIdNumber` wins.',
      communityCode: 'Community (default: the grid\'s, else the building\'s).',
      gridCode: 'Grid.',
      building: 'Building (a building reference).',
      address: 'Address as written.',
      status: must('A hub case status (`CASE_STATUSES`; map raw ones with `mapCoarseStatus`).'),
      urgent: 'Default `false`.',
      supervised: '督办. Default `false`.',
      returnsCount: '退单 count (default: the `RETURNED` steps in `events`).',
      satisfaction: '`SATISFIED` | `BASICALLY_SATISFIED` | `UNSATISFIED`; `null` clears.',
      dutyItem: 'The duty item `{ streetCode, code }` it was handled under.',
      reportedAt: must(`Reported, ${INSTANT} (the first version's is kept).`),
      dueAt: `Due, ${INSTANT} (default: from the time limits in the config).`,
      closedAt: `Closed, ${INSTANT}; \`null\` clears.`,
      handlers: 'Handling units `{ org, role: LEAD | ASSIST }`; the full set.',
      events: 'The full step history (case events); the hub\'s own steps stay.',
    },
  },
  activity: {
    summary: '党建活动 / 联席会议 / 志愿服务: an activity, with its organisers and participants.',
    naturalKey: '`key`: the activity\'s identity within its source.',
    replacedSets: '`organizers` and `participants`: a change carries the whole set (group per-participation rows with `groupParticipations`).',
    fields: {
      key: must('The activity\'s identity within its source.'),
      type: must('Vocabulary, normalised (`志愿服务`, `主题党日`, `联席会议` …); statistics count by it.'),
      title: must('Title as written.'),
      areaCode: 'Area it was held in (a community, or a street for a street-wide activity).',
      startAt: `${INSTANT}.`,
      endAt: `${INSTANT}.`,
      organizers: 'Organising units (organisation references); the full set.',
      participants: 'Participants with their service hours (see below); the full set.',
    },
  },
};

/** An activity participant (an item of `ActivityInput.participants`). */
type ActivityParticipant = NonNullable<ActivityInput['participants']>[number];
/** A case handler (an item of `CaseInput.handlers`). */
type CaseHandler = NonNullable<CaseInput['handlers']>[number];

/** Shapes used inside the entities. */
export const CANONICAL_NESTED_DOCS: {
  readonly OrganizationRef: NestedTypeDoc<OrganizationRef>;
  readonly PersonRef: NestedTypeDoc<PersonRef>;
  readonly BuildingRef: NestedTypeDoc<BuildingRef>;
  readonly DwellingRef: NestedTypeDoc<DwellingRef>;
  readonly 'activity.participants[]': NestedTypeDoc<ActivityParticipant>;
  readonly 'case.handlers[]': NestedTypeDoc<CaseHandler>;
  readonly 'case.events[]': NestedTypeDoc<CaseEventInput>;
} = {
  OrganizationRef: {
    summary: 'An organisation named by another entity: by USCC, else 备案编号, else old org code, else name (+ area). Send an `organization` change (or `reference()`) too when it may not be known yet.',
    fields: {
      uscc: '统一社会信用代码.',
      filingNo: '备案编号.',
      name: must('Name as the source spells it.'),
      kind: 'Kind if the row has to be created. Default `OTHER`.',
      areaCode: 'Area the name is unique within.',
      orgCode: 'Old 9-character 组织机构代码.',
    },
  },
  PersonRef: {
    summary: 'A person named without certainty of an ID number: by `idNumber`, else `name` + `mobile` (+ `birthDate`).',
    fields: {
      idNumber: 'ID number.',
      name: 'Name.',
      mobile: 'Mobile.',
      birthDate: `${DATE}.`,
    },
  },
  BuildingRef: {
    summary: 'A building: project (小区 code) or community, plus its number.',
    fields: {
      communityCode: must('Community code (may be empty when `projectCode` is given).'),
      projectCode: 'Estate code.',
      buildingNo: must("'3栋', '3号楼' …"),
    },
  },
  DwellingRef: {
    summary: 'A dwelling: building + unit + room.',
    fields: {
      building: must('A building reference.'),
      unit: must("'2单元', `''` when none."),
      room: must("'501'."),
    },
  },
  'activity.participants[]': {
    summary: 'One participation. The same person twice in one activity gets the sum of the hours.',
    fields: {
      personIdNumber: 'The participant\'s ID number.',
      person: 'The participant by name + mobile when the source has no ID number (a person reference).',
      hours: '志愿服务时长: the service hours the source recorded, whatever the activity\'s type; `null` when it recorded none (attendance). Never derived from the type or the duration.',
    },
  },
  'case.handlers[]': {
    summary: 'A handling unit.',
    fields: {
      org: must('The unit (an organisation reference).'),
      role: must('`LEAD` | `ASSIST`.'),
    },
  },
  'case.events[]': {
    summary: 'One step of a case\'s history.',
    fields: {
      seq: must('Step number, unique within the case.'),
      from: must('Status before (`null` for the first step).'),
      to: must('Status after.'),
      at: must(`${INSTANT}.`),
      actorOrg: 'The unit that took the step.',
      reason: 'Reason as written (masked).',
      rawStatus: 'The source\'s own status text.',
      inferred: 'A step the source skipped and the hub inferred. Default `false`.',
    },
  },
};
