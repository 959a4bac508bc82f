import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import type { ChildListSpec, ListSpec } from '../common/lists';
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

/** The `activities` list. */
export function activityListSpec(filter: ActivityFilter | null | undefined): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  if (filter?.from && filter.to && filter.from >= filter.to) throw badUserInput('filter.to', 'filter.to: must be after filter.from');
  return {
    order: LATEST_FIRST,
    base(db, caller) {
      let q = activities(db, caller);
      if (area) q = q.where(areaIdWithin(sql`act.area_id`, [area]));
      if (filter?.type && filter.type.length > 0) q = q.where('act.type', 'in', filter.type);
      if (filter?.from) q = q.where('act.start_at', '>=', filter.from);
      if (filter?.to) q = q.where('act.start_at', '<', filter.to);
      return q;
    },
  };
}

/** Activities a person took part in. */
export const activitiesByParticipantSpec: ChildListSpec = {
  order: LATEST_FIRST,
  parent: sql`__ap.person_id`,
  base: (db, caller) => activities(db, caller).innerJoin('activity_participant as __ap', '__ap.activity_id', 'act.id'),
};
