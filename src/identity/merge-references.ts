import { type RawBuilder, sql } from 'kysely';

/**
 * A column holding the id of a mergeable row. Merging moves it from the merged-away row to the
 * kept one; undoing moves exactly the rows it moved back.
 */
export interface RowReference {
  table: string;
  column: string;
  /** Column that tells the referencing rows of one referenced row apart (the primary key, or the rest of it). */
  rowKey: string;
  /**
   * Other columns of a unique constraint that includes `column`: a source row whose values the
   * target already has cannot move and is dropped (kept on the merge for undo). Default: none.
   */
  uniqueWith?: string;
  /** Extra condition on the rows (polymorphic tables such as lineage: `entity = 'person'`). */
  entity?: string;
  /**
   * The merge is refused (`MERGE_CONFLICT`) when both rows are referenced: the target cannot
   * hold two (a person is one party member).
   */
  exclusive?: boolean;
  /**
   * The referencing row's `natural_key` from its columns, for rows keyed by the rows they link (an
   * alliance membership: `<alliance key>|<unit key>`): computed again for the rows a merge moves
   * (and for those its undo moves back), so the key is the one a later record naming either row
   * reaches through the merge's alias. Default: the key stays.
   */
  naturalKey?: RawBuilder<string>;
}

/** An alliance membership's key (`allianceMemberSpec`): the two organisations' natural keys. */
const ALLIANCE_MEMBER_KEY = sql<string>`((select __a.natural_key from organization __a where __a.id = alliance_id) || '|' || (select __u.natural_key from organization __u where __u.id = organization_id))`;

/** Lineage and match tables, the same for every mergeable entity. */
function lineageReferences(entity: string): RowReference[] {
  return [
    { table: 'source_record', column: 'entity_id', rowKey: 'id', entity, uniqueWith: 'source, stream, external_id' },
    { table: 'match', column: 'entity_id', rowKey: 'id', entity },
    { table: 'entity_key_alias', column: 'entity_id', rowKey: 'alias_key', entity },
  ];
}

/** Every reference to a person (migrations/20261127_120000_canonical_model.ts). */
export const PERSON_REFERENCES: readonly RowReference[] = [
  { table: 'party_member', column: 'person_id', rowKey: 'id', exclusive: true },
  { table: 'residency', column: 'person_id', rowKey: 'id', uniqueWith: 'household_id' },
  { table: 'staff_role', column: 'person_id', rowKey: 'id' },
  { table: 'case_record', column: 'reporter_person_id', rowKey: 'id' },
  { table: 'activity_participant', column: 'person_id', rowKey: 'activity_id', uniqueWith: 'activity_id' },
  ...lineageReferences('person'),
];

/** Every reference to an organisation. */
export const ORGANIZATION_REFERENCES: readonly RowReference[] = [
  { table: 'property_project', column: 'company_id', rowKey: 'id' },
  { table: 'case_handler', column: 'organization_id', rowKey: 'case_id', uniqueWith: 'case_id' },
  { table: 'case_event', column: 'actor_org_id', rowKey: 'id' },
  { table: 'activity_organizer', column: 'organization_id', rowKey: 'activity_id', uniqueWith: 'activity_id' },
  { table: 'party_org', column: 'host_organization_id', rowKey: 'id' },
  // a unit of both rows in one alliance (or both alliances with one unit) is one membership: the target's stays
  { table: 'alliance_member', column: 'alliance_id', rowKey: 'id', uniqueWith: 'organization_id', naturalKey: ALLIANCE_MEMBER_KEY },
  { table: 'alliance_member', column: 'organization_id', rowKey: 'id', uniqueWith: 'alliance_id', naturalKey: ALLIANCE_MEMBER_KEY },
  ...lineageReferences('organization'),
];

/**
 * Every reference to a building. Its dwellings move with it; a dwelling the kept building has too
 * (same unit and room) is merged into that one first (see {@link TwinRows}).
 */
export const BUILDING_REFERENCES: readonly RowReference[] = [
  { table: 'dwelling', column: 'building_id', rowKey: 'id' },
  { table: 'contact_assignment', column: 'building_id', rowKey: 'id' },
  { table: 'case_record', column: 'building_id', rowKey: 'id' },
  ...lineageReferences('building'),
];

/** Every reference to a dwelling. */
export const DWELLING_REFERENCES: readonly RowReference[] = [{ table: 'household', column: 'dwelling_id', rowKey: 'id' }, ...lineageReferences('dwelling')];

/**
 * Child rows that are one thing when both merged rows have one: a building's dwelling with the
 * same unit and room as a dwelling of the kept building. Each such pair is merged (its own
 * `entity_merge`, undone with the parent's merge) before the other children move.
 */
export interface TwinRows {
  /** Mergeable entity of the children. */
  entity: string;
  table: string;
  /** Column holding the parent's id. */
  column: string;
  /** Columns that make two children of one parent the same one. */
  sameColumns: readonly string[];
}

/** What can be merged: entity name → its table, the references to it and its twin children. */
export const MERGEABLE: Readonly<Record<string, { table: string; references: readonly RowReference[]; twins?: TwinRows }>> = {
  person: { table: 'person', references: PERSON_REFERENCES },
  organization: { table: 'organization', references: ORGANIZATION_REFERENCES },
  building: { table: 'building', references: BUILDING_REFERENCES, twins: { entity: 'dwelling', table: 'dwelling', column: 'building_id', sameColumns: ['unit', 'room'] } },
  dwelling: { table: 'dwelling', references: DWELLING_REFERENCES },
};
