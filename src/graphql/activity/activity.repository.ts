import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareOrder, type OrderArg } from '../common/order';
import { badUserInput } from '../errors';
import type { ActivityFilter } from './activity.filter';
import type { ActivityRow } from './activity.type';

function activities(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`act.area_id`);
  let q = db.selectFrom('activity as act').selectAll('act');
  if (scope) q = q.where(scope);
  return q;
}

export function activitiesByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<ActivityRow[]> {
  return activities(db, caller).where('act.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** Latest first; activities without a start sort by when the hub first stored them. */
const LATEST_FIRST = { by: sql`coalesce(act.start_at, act.created_at)`, type: 'timestamptz', direction: 'desc', id: sql`act.id` } as const;

/** Orderings of the `activities` list. */
export const ActivityOrder = declareOrder(
  'Activity',
  {
    START_AT: { by: sql`coalesce(act.start_at, act.created_at)`, type: 'timestamptz', description: 'Start (without one: when the hub first stored it) (default DESC: latest first).' },
    TITLE: { by: sql`act.title`, type: 'text', description: 'Title.' },
    TYPE: { by: sql`act.type`, type: 'text', description: 'Activity type (党建活动, 志愿服务 …).' },
    PARTICIPANTS: { by: sql`(select count(*)::int from activity_participant __op where __op.activity_id = act.id)`, type: 'integer', description: 'Number of participants.' },
  },
  sql`act.id`,
  { field: 'START_AT', direction: 'DESC' },
);

/** The `activities` list. */
export function activityListSpec(filter: ActivityFilter | null | undefined, orderBy?: OrderArg<keyof typeof ActivityOrder.Field> | null): ListSpec {
  const apply = activityConditions(filter);
  return { order: ActivityOrder.sortOrder(orderBy), base: (db, caller) => apply(activities(db, caller)) };
}

/** The conditions of an activity filter, validated once (the list and `activityStats`). */
export function activityConditions(filter: ActivityFilter | null | undefined) {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  if (filter?.from && filter.to && filter.from >= filter.to) throw badUserInput('filter.to', 'filter.to: must be after filter.from');
  // biome-ignore lint: applies to activity queries of any shape (list, stats)
  return <Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q => {
    // biome-ignore lint: the query's shape is the caller's
    let r: SelectQueryBuilder<any, any, any> = q;
    if (area) r = r.where(areaIdWithin(sql`act.area_id`, [area]));
    if (filter?.type && filter.type.length > 0) r = r.where('act.type', 'in', filter.type);
    if (filter?.from) r = r.where('act.start_at', '>=', filter.from);
    if (filter?.to) r = r.where('act.start_at', '<', filter.to);
    return r as Q;
  };
}

/** Activities in the caller's scope (for aggregates). */
export { activities as scopedActivities };

/** Activities a person took part in. */
export const activitiesByParticipantSpec: ChildListSpec = {
  order: LATEST_FIRST,
  parent: sql`__ap.person_id`,
  base: (db, caller) => activities(db, caller).innerJoin('activity_participant as __ap', '__ap.activity_id', 'act.id'),
};
