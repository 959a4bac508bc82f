import type { EntitySpec } from '../entity-spec';
import { areaKey, buildingKey, codeKey, gridKey, householdKey, optionalDate, organizationKey, personKey, requiredName } from '../natural-keys';

const LEVEL_RANK = {
  STREET_WORKING_COMMITTEE: 0,
  COMMUNITY_COMMITTEE: 1,
  GENERAL_BRANCH: 2,
  BRANCH: 3,
  GRID_BRANCH: 4,
  BUILDING_GROUP: 5,
} as const;

/** 党组织, keyed by its code; parents are written before children. Its host is the organisation it is set up in. */
export const partyOrgSpec: EntitySpec<'partyOrg'> = {
  entity: 'partyOrg',
  table: 'party_org',
  matchMethod: 'party-org-code',
  prepare(d) {
    const code = codeKey(d.code, 'code');
    const { name, nameNorm } = requiredName(d.name, 'name');
    const grid = d.gridCode ? gridKey(d.gridCode) : null;
    return {
      naturalKey: code,
      rank: LEVEL_RANK[d.level],
      columns: { code, name, name_norm: nameNorm, level: d.level },
      refs: {
        parent_id: d.parentCode ? { entity: 'partyOrg', key: codeKey(d.parentCode, 'parentCode') } : null,
        area_id: d.areaCode ? { entity: 'adminArea', key: areaKey(d.areaCode) } : grid ? { entity: 'adminArea', key: grid.slice(0, 12) } : null,
        grid_id: grid ? { entity: 'grid', key: grid } : null,
        host_organization_id: d.hostOrganization ? { entity: 'organization', key: organizationKey(d.hostOrganization, 'hostOrganization').key } : null,
      },
    };
  },
};

/** 党员 (L4), one per person. */
export const partyMemberSpec: EntitySpec<'partyMember'> = {
  entity: 'partyMember',
  table: 'party_member',
  matchMethod: 'citizen-id-hash',
  defaults: { dual_registered: false },
  prepare(d, { vault }) {
    const person = personKey(d.personIdNumber, vault, 'personIdNumber');
    return {
      naturalKey: person.key,
      columns: {
        status: d.status,
        joined_on: optionalDate(d.joinedOn, 'joinedOn'),
        dual_registered: d.dualRegistered,
      },
      refs: {
        person_id: { entity: 'person', key: person.key },
        party_org_id: d.partyOrgCode ? { entity: 'partyOrg', key: codeKey(d.partyOrgCode, 'partyOrgCode') } : null,
      },
    };
  },
};

/** 包片联户, keyed by its source key; its household set is replaced on every write. */
export const contactAssignmentSpec: EntitySpec<'contactAssignment'> = {
  entity: 'contactAssignment',
  table: 'contact_assignment',
  matchMethod: 'assignment-key',
  nullClears: ['valid_to'],
  prepare(d, { vault }) {
    const member = personKey(d.memberIdNumber, vault, 'memberIdNumber');
    const households = [...new Set((d.householdNos ?? []).map((h) => householdKey(h, 'householdNos')))];
    return {
      naturalKey: codeKey(d.key, 'key'),
      columns: {
        valid_from: optionalDate(d.validFrom, 'validFrom'),
        valid_to: optionalDate(d.validTo, 'validTo') ?? null,
      },
      refs: {
        party_member_id: { entity: 'partyMember', key: member.key },
        grid_id: d.gridCode ? { entity: 'grid', key: gridKey(d.gridCode) } : null,
        building_id: d.building ? { entity: 'building', key: buildingKey(d.building) } : null,
      },
      children: [
        {
          table: 'contact_assignment_household',
          parentColumn: 'assignment_id',
          rows: households.map((h) => ({ columns: {}, refs: { household_id: { entity: 'household', key: h } } })),
        },
      ],
    };
  },
};
