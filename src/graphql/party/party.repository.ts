import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareCodeNameOrder, type OrderArg } from '../common/order';
import { nameContains } from '../common/name-search';
import type { ContactAssignmentRow } from './contact-assignment.type';
import type { PartyMemberRow } from './party-member.type';
import type { PartyOrgFilter } from './party-org.filter';
import type { PartyOrgRow } from './party-org.type';

function partyOrgs(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`po.area_id`);
  let q = db.selectFrom('party_org as po').selectAll('po');
  if (scope) q = q.where(scope);
  return q;
}

function partyMembers(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`(select __po.area_id from party_org __po where __po.id = pm.party_org_id)`);
  let q = db.selectFrom('party_member as pm').selectAll('pm');
  if (scope) q = q.where(scope);
  return q;
}

/** The community of an assignment: its grid's, else its building's, else its member's organisation's area. */
const ASSIGNMENT_AREA = sql`coalesce(
  (select __g.community_id from grid __g where __g.id = ca.grid_id),
  (select __b.community_id from building __b where __b.id = ca.building_id),
  (select __po.area_id from party_member __pm join party_org __po on __po.id = __pm.party_org_id where __pm.id = ca.party_member_id))`;

function assignments(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, ASSIGNMENT_AREA);
  let q = db.selectFrom('contact_assignment as ca').selectAll('ca');
  if (scope) q = q.where(scope);
  return q;
}

export function partyOrgsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<PartyOrgRow[]> {
  return partyOrgs(db, caller).where('po.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

export function partyMembersByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<PartyMemberRow[]> {
  return partyMembers(db, caller).where('pm.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

export function assignmentsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<ContactAssignmentRow[]> {
  return assignments(db, caller).where('ca.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The party membership of persons (at most one each). */
export function partyMembersOfPersons(db: Kysely<Database>, caller: Caller, personIds: readonly string[]) {
  return partyMembers(db, caller)
    .select('pm.person_id as __parent')
    .where('pm.person_id', '=', sql<string>`any(${[...personIds]}::uuid[])`)
    .execute();
}

/** Child organisations (short lists). */
export function childrenOfPartyOrgs(db: Kysely<Database>, caller: Caller, parentIds: readonly string[]) {
  return partyOrgs(db, caller)
    .select('po.parent_id as __parent')
    .where('po.parent_id', '=', sql<string>`any(${[...parentIds]}::uuid[])`)
    .orderBy('po.code')
    .execute() as Promise<(PartyOrgRow & { __parent: string })[]>;
}

/** Party organisations set up in organisations (short lists), in the caller's scope, by code. */
export function partyOrgsOfHosts(db: Kysely<Database>, caller: Caller, organizationIds: readonly string[]) {
  return partyOrgs(db, caller)
    .select('po.host_organization_id as __parent')
    .where('po.host_organization_id', '=', sql<string>`any(${[...organizationIds]}::uuid[])`)
    .orderBy('po.code')
    .execute() as Promise<(PartyOrgRow & { __parent: string })[]>;
}

/**
 * Of these organisations, those that host a party organisation — anywhere: an organisational fact,
 * not limited to the caller's area (the party read class limits who may ask).
 */
export async function hostsOfPartyOrgs(db: Kysely<Database>, _caller: Caller, organizationIds: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('party_org as po')
    .select('po.host_organization_id as id')
    .distinct()
    .where('po.host_organization_id', '=', sql<string>`any(${[...organizationIds]}::uuid[])`)
    .execute();
  return new Set(rows.map((r) => r.id!));
}

/** Contact assignments of party members (short lists). */
export function assignmentsOfMembers(db: Kysely<Database>, caller: Caller, memberIds: readonly string[]) {
  return assignments(db, caller)
    .select('ca.party_member_id as __parent')
    .where('ca.party_member_id', '=', sql<string>`any(${[...memberIds]}::uuid[])`)
    .orderBy('ca.valid_from')
    .orderBy('ca.id')
    .execute();
}

/** Orderings of the `partyOrgs` list (common/order.ts). */
export const PartyOrgOrder = declareCodeNameOrder('PartyOrg', 'po', 'Code');

/** The `partyOrgs` list, ordered by code. */
export function partyOrgListSpec(filter: PartyOrgFilter | null | undefined, orderBy?: OrderArg<keyof typeof PartyOrgOrder.Field> | null): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  return {
    order: PartyOrgOrder.sortOrder(orderBy),
    base(db, caller) {
      let q = partyOrgs(db, caller);
      if (area) q = q.where(areaIdWithin(sql`po.area_id`, [area]));
      if (filter?.level && filter.level.length > 0) q = q.where('po.level', 'in', filter.level);
      if (filter?.name) q = q.where(nameContains(sql`po.name_norm`, filter.name, 'filter.name'));
      return q;
    },
  };
}

/** Members of party organisations. */
export const membersByPartyOrgSpec: ChildListSpec = {
  order: { by: null, type: 'text', direction: 'asc', id: sql`pm.id` },
  parent: sql`pm.party_org_id`,
  base: partyMembers,
};
