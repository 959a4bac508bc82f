import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { type Place, placedWithin, placeInScope, placeOf, readAreaCode, readGridCode } from '../common/area-scope';
import { type ColumnPlan, type ColumnSet, edgeColumns, selectColumns } from '../common/columns';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { nameEquals } from '../common/name-search';
import { l4FilterForbidden } from '../common/l4-filter';
import { declareOrder, type OrderArg } from '../common/order';
import { badUserInput } from '../errors';
import { agedAtLeast, livingAloneCondition } from '../common/age';
import { HOUSEHOLD_PLACE } from '../household/household.repository';
import type { PersonFilter } from './person.filter';
import { PERSON_COLUMNS, type PersonRow } from './person.type';
import type { ResidencyRow } from './residency.type';
import type { StaffRoleRow } from './staff-role.type';

/** A person lives (has a residency) in a household (`h`) whose place satisfies `cond(place)`. */
function livesWhere(personId: RawBuilder<unknown>, cond: (household: Place) => RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from residency __r join household h on h.id = __r.household_id
    where __r.person_id = ${personId} and ${cond(HOUSEHOLD_PLACE)})`;
}

/** Where a staff role is: its area when at community level or below, else its grid's community. */
const STAFF_PLACE = (alias: string) => placeOf(alias);

/**
 * A person is in a caller's scope when they live in it (residency) or hold a staff role in it.
 * People known only from elsewhere (a case reporter living outside) stay hidden from scoped callers.
 */
function personScope(caller: Caller, personId: RawBuilder<unknown>): RawBuilder<SqlBool> | null {
  const lives = (household: Place) => placeInScope(caller, household);
  if (!lives(HOUSEHOLD_PLACE)) return null;
  return sql<SqlBool>`(${livesWhere(personId, (h) => lives(h)!)} or exists (
    select 1 from staff_role __sr where __sr.person_id = ${personId} and ${placeInScope(caller, STAFF_PLACE('__sr'))!}))`;
}

/** Persons in the caller's scope: `columns` of them (PERSON_COLUMNS, person.type.ts), or every column. */
function persons(db: Kysely<Database>, caller: Caller, columns?: ColumnSet) {
  const scope = personScope(caller, sql`p.id`);
  let q = selectColumns(db.selectFrom('person as p'), 'p', columns);
  if (scope) q = q.where(scope);
  return q;
}

export function personsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<PersonRow[]> {
  return persons(db, caller).where('p.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

const BY_ID = { by: null, type: 'text', direction: 'asc', id: sql`p.id` } as const;

/**
 * Orderings of the `persons` list. Never by name (stored clear, shown masked: the page order would
 * rank the hidden part), by birth date (shown as its year only) or by an L4 attribute — see
 * common/order.ts.
 */
export const PersonOrder = declareOrder(
  'Person',
  {
    ID: { by: sql`p.id`, type: 'uuid', description: 'The row id: a stable order that says nothing about the person (default).' },
    BIRTH_YEAR: {
      by: sql`coalesce(extract(year from p.birth_date)::int, 0)`,
      type: 'integer',
      description: 'Year of birth, as shown (`birthYear`; unknown sorts as 0, first ascending); persons of one year follow their id, never their birth date.',
    },
  },
  sql`p.id`,
  { field: 'ID', direction: 'ASC' },
);

/** Most years an age bound may name. */
const MAX_AGE = 150;

function readAge(value: number | null | undefined, field: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_AGE) throw badUserInput(field, `${field}: whole years from 0 to ${MAX_AGE}`);
  return value;
}

/** True when the filter names an L4 attribute (party membership, tags, political status): the small-group rule applies to it. */
export function personFilterIsL4(filter: PersonFilter | null | undefined): boolean {
  return filter?.partyMember != null || (filter?.tag?.length ?? 0) > 0 || (filter?.politicalStatus?.length ?? 0) > 0;
}

/**
 * The conditions of a person filter, validated once. `forList`: an L4 condition is FORBIDDEN for a
 * caller without L4 (a list names the people of the group); aggregates take it and withhold small
 * groups instead (src/auth/small-group.ts).
 */
export function personConditions(filter: PersonFilter | null | undefined) {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  const grid = filter?.grid ? readGridCode(filter.grid, 'filter.grid') : null;
  const ageFrom = readAge(filter?.ageFrom, 'filter.ageFrom');
  const ageTo = readAge(filter?.ageTo, 'filter.ageTo');
  if (ageFrom !== null && ageTo !== null && ageFrom > ageTo) throw badUserInput('filter.ageTo', 'filter.ageTo: must not be below filter.ageFrom');
  const tags = filter?.tag && filter.tag.length > 0 ? filter.tag.map((t) => t.trim()) : null;
  const statuses = filter?.politicalStatus && filter.politicalStatus.length > 0 ? filter.politicalStatus : null;
  // biome-ignore lint: applies to person queries of any shape (lists, stats)
  return <Q extends SelectQueryBuilder<any, any, any>>(q: Q, caller: Caller, forList: boolean): Q => {
    if (forList) {
      if (filter?.partyMember != null) l4FilterForbidden(caller, 'filter.partyMember');
      if (tags) l4FilterForbidden(caller, 'filter.tag');
      if (statuses) l4FilterForbidden(caller, 'filter.politicalStatus');
    }
    // biome-ignore lint: the query's shape is the caller's
    let r: SelectQueryBuilder<any, any, any> = q;
    if (area) r = r.where(livesWhere(sql`p.id`, (h) => placedWithin(h, [area])));
    if (grid) r = r.where(livesWhere(sql`p.id`, () => sql<SqlBool>`h.grid_id = (select __g2.id from grid __g2 where __g2.code = ${grid})`));
    if (filter?.name) r = r.where(nameEquals(sql`p.name_norm`, filter.name, 'filter.name'));
    if (filter?.partyMember === true) r = r.where(sql<SqlBool>`exists (select 1 from party_member __pm where __pm.person_id = p.id)`);
    if (filter?.partyMember === false) r = r.where(sql<SqlBool>`not exists (select 1 from party_member __pm where __pm.person_id = p.id)`);
    if (ageFrom !== null) r = r.where(agedAtLeast(sql`p.birth_date`, ageFrom));
    if (ageTo !== null) r = r.where(sql<SqlBool>`not ${agedAtLeast(sql`p.birth_date`, ageTo + 1)}`);
    if (tags) r = r.where(sql<SqlBool>`p.tags && ${tags}::text[]`);
    if (statuses) r = r.where(sql<SqlBool>`p.political_status = any(${statuses}::text[])`);
    if (filter?.residencyCategory) {
      r = r.where(sql<SqlBool>`exists (select 1 from residency __rc where __rc.person_id = p.id and __rc.valid_to is null and __rc.category = ${filter.residencyCategory})`);
    }
    if (filter?.livingAlone === true) r = r.where(livingAloneCondition(sql`p.id`));
    if (filter?.livingAlone === false) r = r.where(sql<SqlBool>`not ${livingAloneCondition(sql`p.id`)}`);
    return r as Q;
  };
}

/** The `persons` list. Ordered by id unless `orderBy` says otherwise (never by name). */
export function personListSpec(filter: PersonFilter | null | undefined, orderBy?: OrderArg<keyof typeof PersonOrder.Field> | null): ListSpec {
  const apply = personConditions(filter);
  return {
    order: PersonOrder.sortOrder(orderBy),
    base: (db, caller, columns) => apply(persons(db, caller, columns), caller, true),
  };
}

/** Persons in the caller's scope (for aggregates). */
export { persons as scopedPersons };

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
  base: (db, caller, columns) => {
    const read = edgeColumns(columns, RESIDENT_EDGE_COLUMNS);
    const q = persons(db, caller, read.node).innerJoin('residency as __res', '__res.person_id', 'p.id');
    // biome-ignore lint/suspicious/noExplicitAny: aliased columns of the residency
    return read.edge.length ? q.select(read.edge as any) : q;
  },
};

/** The residency's columns on a resident's edge, and the edge fields reading them (`RESIDENT_COLUMNS`). */
const RESIDENT_EDGE_COLUMNS = [
  ['__relation', '__res.relation'],
  ['__category', '__res.category'],
  ['__valid_from', '__res.valid_from'],
  ['__valid_to', '__res.valid_to'],
] as const;

/** A household's residents read only the edge columns their selection needs. */
export const RESIDENT_COLUMNS: ColumnPlan = {
  ...PERSON_COLUMNS,
  edgeFields: { relation: ['__relation'], category: ['__category'], validFrom: ['__valid_from'], validTo: ['__valid_to'] },
};

function residencies(db: Kysely<Database>, caller: Caller) {
  const inScope = placeInScope(caller, HOUSEHOLD_PLACE);
  const scope = inScope && sql<SqlBool>`exists (select 1 from household h where h.id = r.household_id and ${inScope})`;
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
  const scope = placeInScope(caller, STAFF_PLACE('sr'));
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
  base: (db, caller, columns) => {
    const read = edgeColumns(columns, PARTICIPANT_EDGE_COLUMNS);
    const q = persons(db, caller, read.node).innerJoin('activity_participant as __ap', '__ap.person_id', 'p.id');
    // biome-ignore lint/suspicious/noExplicitAny: aliased columns of the participation
    return read.edge.length ? q.select(read.edge as any) : q;
  },
};

const PARTICIPANT_EDGE_COLUMNS = [['__hours', '__ap.hours']] as const;

/** An activity's participants read their hours only when an edge asks for them. */
export const PARTICIPANT_COLUMNS: ColumnPlan = { ...PERSON_COLUMNS, edgeFields: { hours: ['__hours'] } };
