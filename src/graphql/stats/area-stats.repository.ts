import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { scopeCondition } from '../common/area-scope';

/** Raw figures of one area. */
export interface AreaStatsRow {
  area_id: string;
  households: number;
  residents: number;
  party_members: number;
  households_with_contact: number;
  grid_workers: number;
  volunteers: number;
  volunteer_hours: number;
  cases: number;
  open_cases: number;
}

/**
 * Figures of many areas in ONE statement. Every figure counts rows inside the area's subtree
 * (`path like area.path || '%'`) and, for a scoped caller, inside the caller's scope too.
 * "Current" means `valid_to is null`.
 */
export async function areaStats(db: Kysely<Database>, caller: Caller, areaIds: readonly string[]): Promise<AreaStatsRow[]> {
  const inScope = (areaId: ReturnType<typeof sql>) => scopeCondition(caller, areaId) ?? sql`true`;
  const sub = sql`(select __s.id from admin_area __s where __s.path like p.path || '%')`;
  const hhArea = sql`coalesce(h.community_id, (select __g.community_id from grid __g where __g.id = h.grid_id))`;
  const staffArea = sql`coalesce(sr.area_id, (select __g.community_id from grid __g where __g.id = sr.grid_id))`;
  const caseArea = sql`coalesce(c.area_id, (select __g.community_id from grid __g where __g.id = c.grid_id))`;
  const result = await sql<AreaStatsRow>`
    select p.id as area_id,
      (select count(*)::int from household h where ${hhArea} in ${sub} and ${inScope(hhArea)}) as households,
      (select count(distinct r.person_id)::int from residency r join household h on h.id = r.household_id
        where r.valid_to is null and ${hhArea} in ${sub} and ${inScope(hhArea)}) as residents,
      (select count(*)::int from party_member pm join party_org po on po.id = pm.party_org_id
        where po.area_id in ${sub} and ${inScope(sql`po.area_id`)}) as party_members,
      (select count(distinct h.id)::int from household h
        join contact_assignment_household cah on cah.household_id = h.id
        join contact_assignment ca on ca.id = cah.assignment_id and ca.valid_to is null
        where ${hhArea} in ${sub} and ${inScope(hhArea)}) as households_with_contact,
      (select count(distinct sr.person_id)::int from staff_role sr
        where sr.role = 'GRID_WORKER' and sr.valid_to is null and ${staffArea} in ${sub} and ${inScope(staffArea)}) as grid_workers,
      (select count(distinct sr.person_id)::int from staff_role sr
        where sr.role = 'VOLUNTEER' and sr.valid_to is null and ${staffArea} in ${sub} and ${inScope(staffArea)}) as volunteers,
      (select coalesce(sum(ap.hours), 0)::float8 from activity act join activity_participant ap on ap.activity_id = act.id
        where act.type = '志愿服务' and act.area_id in ${sub} and ${inScope(sql`act.area_id`)}) as volunteer_hours,
      (select count(*)::int from case_record c where ${caseArea} in ${sub} and ${inScope(caseArea)}) as cases,
      (select count(*)::int from case_record c where c.status not in ('CLOSED', 'REJECTED', 'ARCHIVED')
        and ${caseArea} in ${sub} and ${inScope(caseArea)}) as open_cases
    from admin_area p
    where p.id = any(${[...areaIds]}::uuid[])`.execute(db);
  return result.rows;
}
