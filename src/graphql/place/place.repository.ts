import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { scopeCondition } from '../common/area-scope';
import type { ChildListSpec } from '../common/lists';
import type { BuildingRow } from './building.type';
import type { DwellingRow } from './dwelling.type';
import type { PropertyProjectRow } from './property-project.type';

function buildings(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`b.community_id`);
  let q = db.selectFrom('building as b').selectAll('b');
  if (scope) q = q.where(scope);
  return q;
}

function dwellings(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`(select __b.community_id from building __b where __b.id = d.building_id)`);
  let q = db.selectFrom('dwelling as d').selectAll('d');
  if (scope) q = q.where(scope);
  return q;
}

function projects(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`pp.community_id`);
  let q = db.selectFrom('property_project as pp').selectAll('pp');
  if (scope) q = q.where(scope);
  return q;
}

export function buildingsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<BuildingRow[]> {
  return buildings(db, caller).where('b.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

export function dwellingsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<DwellingRow[]> {
  return dwellings(db, caller).where('d.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

export function projectsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<PropertyProjectRow[]> {
  return projects(db, caller).where('pp.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

const BUILDINGS_BY_NO = { by: sql`b.building_no`, type: 'text', direction: 'asc', id: sql`b.id` } as const;

/** Buildings of grids. */
export const buildingsByGridSpec: ChildListSpec = { order: BUILDINGS_BY_NO, parent: sql`b.grid_id`, base: buildings };

/** Buildings of estates. */
export const buildingsByProjectSpec: ChildListSpec = { order: BUILDINGS_BY_NO, parent: sql`b.project_id`, base: buildings };

/** Dwellings of buildings. */
export const dwellingsByBuildingSpec: ChildListSpec = {
  order: { by: null, type: 'text', direction: 'asc', id: sql`d.id` },
  parent: sql`d.building_id`,
  base: dwellings,
};

/** Estates served by property companies. */
export const projectsByCompanySpec: ChildListSpec = {
  order: { by: sql`pp.code`, type: 'text', direction: 'asc', id: sql`pp.id` },
  parent: sql`pp.company_id`,
  base: projects,
};
