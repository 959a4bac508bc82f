import type { CanonicalColumns, DateOnly } from './common';

/** 党组织: 街道党工委 → 社区党委/党总支/党支部 → 网格/小区党支部 → 楼栋党小组. */
export interface PartyOrgTable extends CanonicalColumns {
  code: string;
  name: string;
  /** The name's match form (`normalizeName`), compared by name search; `name` is as the source wrote it. */
  name_norm: string;
  level: 'STREET_WORKING_COMMITTEE' | 'COMMUNITY_COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH' | 'GRID_BRANCH' | 'BUILDING_GROUP';
  parent_id: string | null;
  area_id: string | null;
  grid_id: string | null;
  /** The organisation the party organisation is set up in (a social organisation's or property firm's own branch; 两新组织党建); null for area-based ones. */
  host_organization_id: string | null;
}

/** 党员 (L4). */
export interface PartyMemberTable extends CanonicalColumns {
  person_id: string;
  party_org_id: string | null;
  status: 'FULL' | 'PROBATIONARY';
  joined_on: DateOnly | null;
  /** 在职党员双报到. */
  dual_registered: boolean;
}

/** 包片联户: a party member's assigned grid / building / households. */
export interface ContactAssignmentTable extends CanonicalColumns {
  party_member_id: string;
  grid_id: string | null;
  building_id: string | null;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
}

export interface ContactAssignmentHouseholdTable {
  assignment_id: string;
  household_id: string;
}
