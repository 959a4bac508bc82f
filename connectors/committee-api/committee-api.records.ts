/**
 * The platform's records as its API documents them (SOURCES.md S2). Every field may in practice
 * be missing, `null` or oddly typed: mappers read them defensively and never trust these types
 * beyond "what the field should be".
 */

/** 办理单位 of a case. */
export interface CommitteeHandlingUnit {
  name?: string | null;
  /** 统一社会信用代码, when the platform has it. */
  uscc?: string | null;
  /** 主办 (lead) or 协办 (assisting). */
  role?: string | null;
}

/** One step of a case's history as the platform shows it. */
export interface CommitteeCaseEvent {
  /** The platform's coarse status label after the step (待受理 … 已退回). */
  status?: string | null;
  /** When (ISO-8601). */
  at?: string | null;
  /** Name of the organisation that made the step. */
  org?: string | null;
  /** Free-text note (退回理由 …). */
  note?: string | null;
}

/** A record of the `cases` stream: 诉求 / 工单. */
export interface CommitteeCaseRecord {
  ticket_no?: string | null;
  /** 电话 / 微信 / 网格上报 / 来访 / 12345. */
  channel?: string | null;
  /** 咨询 / 求助 / 投诉 / 举报 / 建议. */
  appeal_type?: string | null;
  category?: string | null;
  title?: string | null;
  content?: string | null;
  reporter?: { name?: string | null; phone?: string | null; id_number?: string | null } | null;
  location?: { community_code?: string | null; grid_code?: string | null; address?: string | null } | null;
  /** 待受理 / 已受理 / 已派遣 / 处理中 / 已办结 / 已关闭 / 已退回. */
  status?: string | null;
  handling_units?: CommitteeHandlingUnit[] | null;
  events?: CommitteeCaseEvent[] | null;
  /** 满意 / 基本满意 / 不满意. */
  satisfaction?: string | null;
  /** 办理时限, when the platform gives one (not in the documented schema). */
  due_at?: string | null;
  /** The 权责清单 item the case was filed under, when the platform names one. */
  duty_item?: { code?: string | null; name?: string | null } | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/** A record of the `activities` stream: 党建活动 / 联席会议 / 志愿服务 / 议事协商. */
export interface CommitteeActivityRecord {
  id?: string | number | null;
  /** 主题党日 / 联席会议 / 志愿服务 / 议事协商. */
  type?: string | null;
  title?: string | null;
  organizer?: { name?: string | null; uscc?: string | null } | null;
  community_code?: string | null;
  start_at?: string | null;
  end_at?: string | null;
  participants?: { name?: string | null; id_number?: string | null; phone?: string | null; hours?: number | string | null }[] | null;
  updated_at?: string | null;
}

/** A record of the `contact-assignments` stream: 党员包片联户. */
export interface CommitteeContactAssignmentRecord {
  id?: string | number | null;
  member?: { name?: string | null; id_number?: string | null } | null;
  /** Name of the party organisation that made the assignment (no code). */
  party_org?: string | null;
  grid_code?: string | null;
  /** 户号 list. */
  households?: (string | number)[] | null;
  valid_from?: string | null;
  valid_to?: string | null;
  updated_at?: string | null;
}

/** An organisation as an `alliance-members` record names it. */
export interface CommitteeAllianceUnit {
  name?: string | null;
  uscc?: string | null;
  /** 备案编号 of a filed community social organisation. */
  filing_no?: string | null;
  /** Community or street code of a unit named without a code (a residents' committee). */
  area_code?: string | null;
}

/** A record of the `alliance-members` stream: one member unit (共建单位) of a 区域化党建联盟. */
export interface CommitteeAllianceMemberRecord {
  id?: string | number | null;
  /** The alliance: its name, the community or street it serves, when it was set up, where it meets. */
  alliance?: { name?: string | null; area_code?: string | null; founded_on?: string | null; address?: string | null } | null;
  unit?: CommitteeAllianceUnit | null;
  /** 牵头单位 / 成员单位. */
  role?: string | null;
  /** 共建项目 the unit committed to. */
  commitments?: string[] | null;
  joined_on?: string | null;
  /** 退出日期; `null` while a member. */
  left_on?: string | null;
  updated_at?: string | null;
}

/** One page of any stream: `GET /v1/{stream}` → `{ data, next_cursor }`. */
export interface CommitteePage {
  data: unknown[];
  next_cursor: string | null;
}
