import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, readGridCode, scopeCondition } from '../common/area-scope';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { nameEquals } from '../common/name-search';
import { l4FilterForbidden } from '../common/l4-filter';
import { HOUSEHOLD_COMMUNITY } from '../household/household.repository';
import type { PersonFilter } from './person.filter';
import type { PersonRow, } from './person.type';
import type { ResidencyRow } from './residency.type';
import type { StaffRoleRow } from './staff-role.type';

/** A person lives (has a residency) in a household whose community satisfies `cond(communityId)`. */
function livesWhere(personId: RawBuilder<unknown>, cond: (communityId: RawBuilder<unknown>) => RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from residency __r join household h on h.id = __r.household_id
    where __r.person_id = ${personId} and ${cond(HOUSEHOLD_COMMUNITY)})`;
}

/** The community of a staff role: its area when at community level or below, else its grid's. */
const STAFF_AREA = (alias: string) =>
  sql`coalesce(${sql.ref(`${alias}.area_id`)}, (select __g.community_id from grid __g where __g.id = ${sql.ref(`${alias}.grid_id`)}))`;

/**
 * A person is in a caller's scope when they live in it (residency) or hold a staff role in it.
 * People known only from elsewhere (a case reporter living outside) stay hidden from scoped callers.
 */
function personScope(caller: Caller, personId: RawBuilder<unknown>): RawBuilder<SqlBool> | null {
  const lives = (community: RawBuilder<unknown>) => scopeCondition(caller, community);
  if (!lives(sql`null`)) return null;
  return sql<SqlBool>`(${livesWhere(personId, (c) => lives(c)!)} or exists (
    select 1 from staff_role __sr where __sr.person_id = ${personId} and ${scopeCondition(caller, STAFF_AREA('__sr'))!}))`;
}

function persons(db: Kysely<Database>, caller: Caller) {
  const scope = personScope(caller, sql`p.id`);
  let q = db.selectFrom('person as p').selectAll('p');
  if (scope) q = q.where(scope);
  return q;
}

export function personsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<PersonRow[]> {
  return persons(db, caller).where('p.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

const BY_ID = { by: null, type: 'text', direction: 'asc', id: sql`p.id` } as const;

/** The `persons` list. Ordered by id: a stable order that does not sort by (clear) names. */
export function personListSpec(filter: PersonFilter | null | undefined): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  const grid = filter?.grid ? readGridCode(filter.grid, 'filter.grid') : null;
  return {
    order: BY_ID,
    base(db, caller) {
      let q = persons(db, caller);
      if (area) q = q.where(livesWhere(sql`p.id`, (c) => areaIdWithin(c, [area])));
      if (grid) q = q.where(livesWhere(sql`p.id`, () => sql<SqlBool>`h.grid_id = (select __g2.id from grid __g2 where __g2.code = ${grid})`));
      if (filter?.name) q = q.where(nameEquals(sql`p.name_norm`, filter.name, 'filter.name'));
      if (filter?.partyMember != null) l4FilterForbidden(caller, 'filter.partyMember');
      if (filter?.partyMember === true) q = q.where(sql<SqlBool>`exists (select 1 from party_member __pm where __pm.person_id = p.id)`);
      if (filter?.partyMember === false) q = q.where(sql<SqlBool>`not exists (select 1 from party_member __pm where __pm.person_id = p.id)`);
      return q;
    },
  };
}

/** A resident row: the person plus the residency's columns (for the edge). */
export interface ResidentRow extends PersonRow {
  __relation: string | null;
  __category: 'REGISTERED' | 'FLOATING';
  __valid_from: string | null;
  __valid_to: string | null;
}

/** Residents of households (person joined through residency), one statement for all households. */
export const residentsByHouseholdSpec: ChildListSpec = {
  order: BY_ID,
  parent: sql`__res.household_id`,
  base: (db, caller) =>
    persons(db, caller)
      .innerJoin('residency as __res', '__res.person_id', 'p.id')
      .select([
        '__res.relation as __relation',
        '__res.category as __category',
        '__res.valid_from as __valid_from',
        '__res.valid_to as __valid_to',
      ]),
};

function residencies(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`(select ${HOUSEHOLD_COMMUNITY} from household h where h.id = r.household_id)`);
  let q = db.selectFrom('residency as r').selectAll('r');
  if (scope) q = q.where(scope);
  return q;
}

export function residenciesByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<ResidencyRow[]> {
  return residencies(db, caller).where('r.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** Residencies of persons (short lists). */
export function residenciesOfPersons(db: Kysely<Database>, caller: Caller, personIds: readonly string[]) {
  return residencies(db, caller)
    .select('r.person_id as __parent')
    .where('r.person_id', '=', sql<string>`any(${[...personIds]}::uuid[])`)
    .orderBy('r.valid_from')
    .orderBy('r.id')
    .execute();
}

function staffRoles(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, STAFF_AREA('sr'));
  let q = db.selectFrom('staff_role as sr').selectAll('sr');
  if (scope) q = q.where(scope);
  return q;
}

export function staffRolesByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<StaffRoleRow[]> {
  return staffRoles(db, caller).where('sr.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** Staff roles of persons (short lists). */
export function staffRolesOfPersons(db: Kysely<Database>, caller: Caller, personIds: readonly string[]) {
  return staffRoles(db, caller)
    .select('sr.person_id as __parent')
    .where('sr.person_id', '=', sql<string>`any(${[...personIds]}::uuid[])`)
    .orderBy('sr.role')
    .orderBy('sr.id')
    .execute();
}

/** Staff (网格员, 信息员, 志愿者, 楼栋长) of grids. */
export const staffByGridSpec: ChildListSpec = {
  order: { by: sql`sr.role`, type: 'text', direction: 'asc', id: sql`sr.id` },
  parent: sql`sr.grid_id`,
  base: staffRoles,
};

/** A participant row: the person plus the hours they gave (for the edge). */
export interface ParticipantRow extends PersonRow {
  __hours: number | null;
}

/** Participants of activities (person joined through activity_participant). */
export const participantsByActivitySpec: ChildListSpec = {
  order: BY_ID,
  parent: sql`__ap.activity_id`,
  base: (db, caller) => persons(db, caller).innerJoin('activity_participant as __ap', '__ap.person_id', 'p.id').select('__ap.hours as __hours'),
};
