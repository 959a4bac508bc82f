import type { ColumnType, Generated } from 'kysely';
import type { CanonicalColumns, CreatedAt, Id, Timestamp } from './common';

/** 权力清单 / 责任清单 item of a street. */
export interface DutyItemTable extends CanonicalColumns {
  code: string;
  street_id: string;
  name: string;
  /** The name's match form (`normalizeName`), compared by name search; `name` is as the source wrote it. */
  name_norm: string;
  list_type: 'POWER' | 'RESPONSIBILITY' | 'BASIC_DUTY' | 'ASSIST_DUTY' | 'WITHDRAWN';
  power_category: string | null;
  basis: string | null;
  responsible_unit: string | null;
}

/** 诉求 / 工单 / 事件 / 报修: one abstraction, `kind` says which. Table `case_record` (`case` is an SQL keyword). */
export interface CaseRecordTable extends CanonicalColumns {
  source_system: string;
  source_no: string;
  kind: 'APPEAL' | 'INCIDENT' | 'REPAIR' | 'HOTLINE';
  channel: string | null;
  appeal_type: string | null;
  category: string | null;
  title: string | null;
  content: string | null;
  reporter_person_id: string | null;
  area_id: string | null;
  grid_id: string | null;
  building_id: string | null;
  address: string | null;
  status: string;
  urgent: Generated<boolean>;
  supervised: Generated<boolean>;
  joint: Generated<boolean>;
  returns_count: Generated<number>;
  satisfaction: 'SATISFIED' | 'BASICALLY_SATISFIED' | 'UNSATISFIED' | null;
  duty_item_id: string | null;
  reported_at: Timestamp;
  due_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** Optimistic concurrency: 1 when inserted, plus 1 whenever the flow state (status, returns, flags, satisfaction, due/closing time) changes (a trigger; never written by hand). */
  version: Generated<number>;
}

/** A handling unit of a case: 主办 (LEAD) or 协办 (ASSIST). */
export interface CaseHandlerTable {
  case_id: string;
  organization_id: string;
  role: 'LEAD' | 'ASSIST';
}

/** One transition of a case; `inferred` marks steps a coarse source skipped. */
export interface CaseEventTable {
  id: Id;
  case_id: string;
  seq: number;
  from_status: string | null;
  to_status: string;
  actor_org_id: string | null;
  at: Timestamp;
  reason: string | null;
  raw_status: string | null;
  inferred: Generated<boolean>;
  /** Who recorded the step: `SOURCE` (the write path) or `HUB` (a move in the hub); a newer source version replaces only `SOURCE` steps. */
  origin: Generated<'SOURCE' | 'HUB'>;
}

/** A hub move's idempotency key (and the hub's journal of moves): a retried move with the same key applies once. */
export interface CaseCommandTable {
  idempotency_key: string;
  case_id: string;
  /** The move, e.g. `dispatch`. */
  command: string;
  /** Who made it (`Caller.subject`); another subject reusing the key is refused. */
  subject: string;
  actor_org_id: string | null;
  /** The case's version right after the move. */
  result_version: number;
  at: CreatedAt;
}
