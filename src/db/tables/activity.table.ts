import type { ColumnType } from 'kysely';
import type { CanonicalColumns } from './common';

/** 党建活动 / 联席会议 / 志愿服务 / 议事协商. */
export interface ActivityTable extends CanonicalColumns {
  type: string;
  title: string;
  area_id: string | null;
  start_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  end_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface ActivityOrganizerTable {
  activity_id: string;
  organization_id: string;
}

export interface ActivityParticipantTable {
  activity_id: string;
  person_id: string;
  hours: number | null;
}
