import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import { toHalfWidth } from '../../domain/normalize';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import type { ListSpec } from '../common/lists';
import { declareOrder, type OrderArg } from '../common/order';
import { nameContains } from '../common/name-search';
import { l4FilterForbidden } from '../common/l4-filter';
import type { OrganizationFilter } from './organization.filter';
import type { OrganizationRow } from './organization.type';

function organizations(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, sql`o.area_id`);
  let q = db.selectFrom('organization as o').selectAll('o');
  if (scope) q = q.where(scope);
  return q;
}

/** Organisations are public (L1): by ID or through a relation every caller sees them; the list is scoped. */
function publicOrganizations(db: Kysely<Database>) {
  return db.selectFrom('organization as o').selectAll('o');
}

export function organizationsByIds(db: Kysely<Database>, _caller: Caller, ids: readonly string[]): Promise<OrganizationRow[]> {
  return publicOrganizations(db).where('o.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** Orderings of the `organizations` list (common/order.ts). */
export const OrganizationOrder = declareOrder(
  'Organization',
  {
    NAME: { by: sql`o.name_norm`, type: 'text', description: 'Name, normal form (default).' },
    KIND: { by: sql`o.kind`, type: 'text', description: 'Kind.' },
    UPDATED_AT: { by: sql`o.updated_at`, type: 'timestamptz', description: 'When the record last changed.' },
  },
  sql`o.id`,
  { field: 'NAME', direction: 'ASC' },
);

/** The `organizations` list, ordered by normalised name. */
export function organizationListSpec(filter: OrganizationFilter | null | undefined, orderBy?: OrderArg<keyof typeof OrganizationOrder.Field> | null): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  return {
    order: OrganizationOrder.sortOrder(orderBy),
    base(db, caller) {
      let q = organizations(db, caller);
      if (area) q = q.where(areaIdWithin(sql`o.area_id`, [area]));
      if (filter?.kind && filter.kind.length > 0) q = q.where('o.kind', 'in', filter.kind);
      if (filter?.name) q = q.where(nameContains(sql`o.name_norm`, filter.name, 'filter.name'));
      if (filter?.uscc) q = q.where('o.uscc', '=', toHalfWidth(filter.uscc).trim().toUpperCase());
      if (filter?.hasPartyOrganization !== undefined && filter.hasPartyOrganization !== null) {
        l4FilterForbidden(caller, 'filter.hasPartyOrganization');
        const hosts = sql<boolean>`exists (select 1 from party_org __hpo where __hpo.host_organization_id = o.id)`;
        q = q.where(filter.hasPartyOrganization ? hosts : sql<boolean>`not ${hosts}`);
      }
      return q;
    },
  };
}

/** Handling units (主办 / 协办) of cases, with their role (short lists; the cases are scoped, the units public). */
export function handlersOfCases(db: Kysely<Database>, _caller: Caller, caseIds: readonly string[]) {
  return publicOrganizations(db)
    .innerJoin('case_handler as ch', 'ch.organization_id', 'o.id')
    .select(['ch.case_id as __parent', 'ch.role as __role'])
    .where('ch.case_id', '=', sql<string>`any(${[...caseIds]}::uuid[])`)
    .orderBy('ch.role', 'desc')
    .orderBy('o.name_norm')
    .execute();
}

/** Organisers of activities (short lists; the activities are scoped, the organisers public). */
export function organizersOfActivities(db: Kysely<Database>, _caller: Caller, activityIds: readonly string[]) {
  return publicOrganizations(db)
    .innerJoin('activity_organizer as ao', 'ao.organization_id', 'o.id')
    .select('ao.activity_id as __parent')
    .where('ao.activity_id', '=', sql<string>`any(${[...activityIds]}::uuid[])`)
    .orderBy('o.name_norm')
    .execute();
}
