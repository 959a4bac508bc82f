import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DutyItemTable } from '../db/tables/case.table';

/**
 * 社区工作事项清单 — a community's work list: the duty items a residents' committee performs or
 * assists with. A street's 权责清单 export (S1) types each item; the two lists written for the
 * communities are its work list (社区工作准入: anything else reaching a residents' committee is
 * work pushed down to it, see duty-shift.ts):
 *
 * | list type | on the community's work list as |
 * |---|---|
 * | `BASIC_DUTY` (依法履职事项) | `PERFORM` — the committee does it itself |
 * | `ASSIST_DUTY` (协助政府事项) | `ASSIST` — the committee assists the responsible unit |
 * | `POWER`, `RESPONSIBILITY` (the street's own 权力/责任清单) | not on it — the street's duty |
 * | `WITHDRAWN` (取消/收回事项) | not on it — no longer anybody's to push down |
 *
 * Every community of a street has its street's list (the lists are issued per street).
 */
export type WorkListRole = 'PERFORM' | 'ASSIST';

type ListType = DutyItemTable['list_type'];

/** How each list type stands on a community's work list (null: not on it). */
export const WORK_LIST_ROLE: Readonly<Record<ListType, WorkListRole | null>> = {
  BASIC_DUTY: 'PERFORM',
  ASSIST_DUTY: 'ASSIST',
  POWER: null,
  RESPONSIBILITY: null,
  WITHDRAWN: null,
};

/** List types on a community's work list. */
export const WORK_LIST_TYPES: readonly ListType[] = (Object.keys(WORK_LIST_ROLE) as ListType[]).filter((t) => WORK_LIST_ROLE[t] !== null);

/** SQL: the list type `listType` (an expression) is on a community's work list. */
export function onWorkList(listType: ReturnType<typeof sql>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${listType} in (${sql.join(WORK_LIST_TYPES.map((t) => sql.lit(t)))}))`;
}
