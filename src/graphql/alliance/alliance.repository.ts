import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import type { ChildListSpec } from '../common/lists';
import type { AllianceMemberRow } from './alliance-member.type';
import type { OrganizationRow } from '../organization/organization.type';

/** Today on China's calendar: memberships start and end on China's dates. */
const TODAY_CHINA = sql`(now() at time zone 'Asia/Shanghai')::date`;

/**
 * Memberships with `current`. Alliances and their units are public organisations (L1), so are
 * their memberships: every caller sees them through an organisation (by ID or relation); none is
 * scoped by area, like the organisations themselves.
 */
function memberships(db: Kysely<Database>) {
  return db
    .selectFrom('alliance_member as am')
    .selectAll('am')
    .select(sql<boolean>`((am.joined_on is null or am.joined_on <= ${TODAY_CHINA}) and (am.left_on is null or am.left_on > ${TODAY_CHINA}))`.as('current'));
}

export function allianceMembersByIds(db: Kysely<Database>, _caller: Caller, ids: readonly string[]): Promise<AllianceMemberRow[]> {
  return memberships(db).where('am.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The member units of alliances, paged per alliance: the lead unit first, then by the unit's name. */
export const membersOfAllianceSpec: ChildListSpec = {
  order: {
    by: sql`((case when am.role = 'LEAD' then '0' else '1' end) || coalesce((select __o.name_norm from organization __o where __o.id = am.organization_id), ''))`,
    type: 'text',
    direction: 'asc',
    id: sql`am.id`,
  },
  parent: sql`am.alliance_id`,
  base: (db) => memberships(db),
};

/** The alliances units are members of (short lists), by joining date. */
export function membershipsOfUnits(db: Kysely<Database>, _caller: Caller, organizationIds: readonly string[]) {
  return memberships(db)
    .select('am.organization_id as __parent')
    .where('am.organization_id', '=', sql<string>`any(${[...organizationIds]}::uuid[])`)
    .orderBy('am.joined_on')
    .orderBy('am.id')
    .execute() as Promise<(AllianceMemberRow & { __parent: string })[]>;
}

/** The alliances (organisations of kind `ALLIANCE`) serving areas (short lists), by name. */
export function alliancesOfAreas(db: Kysely<Database>, _caller: Caller, areaIds: readonly string[]) {
  return db
    .selectFrom('organization as o')
    .selectAll('o')
    .select('o.area_id as __parent')
    .where('o.kind', '=', 'ALLIANCE')
    .where('o.area_id', '=', sql<string>`any(${[...areaIds]}::uuid[])`)
    .orderBy('o.name_norm')
    .orderBy('o.id')
    .execute() as Promise<(OrganizationRow & { __parent: string })[]>;
}
