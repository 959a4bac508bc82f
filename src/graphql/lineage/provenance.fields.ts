import type { Database } from '../../db/database';
import type { LineageEntity } from './lineage.loaders';

/** Entities whose objects have a `provenance` field. */
export type ProvenanceEntity = Extract<LineageEntity, 'person' | 'organization' | 'building' | 'household' | 'case'>;

/**
 * Which stored columns a `provenance` field shows, under which GraphQL field name, per entity:
 * a whitelist, so that internal columns (normalised names, hashes) and fields the API does not
 * expose (a person's tags, L4) never appear. A reference column shows as its relation field.
 * Ciphertext columns show as their masked field (`mobile_enc` → `mobileMasked`): the origin, not
 * the value.
 */
export const PROVENANCE_FIELDS: Readonly<Record<ProvenanceEntity, { table: keyof Database; fields: Readonly<Record<string, string>> }>> = {
  person: {
    table: 'person',
    fields: { name: 'name', sex: 'sex', birth_date: 'birthYear', ethnicity: 'ethnicity', id_enc: 'idNumberMasked', mobile_enc: 'mobileMasked' },
  },
  organization: {
    table: 'organization',
    fields: {
      kind: 'kind',
      name: 'name',
      uscc: 'uscc',
      uscc_checksum_valid: 'usccChecksumValid',
      org_code: 'orgCode',
      status: 'status',
      address: 'address',
      former_names: 'formerNames',
      needs_review: 'needsReview',
      area_id: 'area',
      social_org_type: 'socialOrgType',
      registration_authority: 'registrationAuthority',
      supervisor: 'supervisor',
      filing_no: 'filingNo',
      founded_on: 'foundedOn',
    },
  },
  building: {
    table: 'building',
    fields: { building_no: 'buildingNo', address: 'address', units: 'units', floors: 'floors', community_id: 'community', grid_id: 'grid', project_id: 'project' },
  },
  household: {
    table: 'household',
    fields: { household_no: 'householdNo', kind: 'kind', dwelling_id: 'dwelling', grid_id: 'grid', community_id: 'community' },
  },
  case: {
    table: 'case_record',
    fields: {
      source_system: 'sourceSystem',
      source_no: 'sourceNo',
      kind: 'kind',
      channel: 'channel',
      appeal_type: 'appealType',
      category: 'category',
      title: 'title',
      content: 'content',
      address: 'address',
      status: 'status',
      urgent: 'urgent',
      supervised: 'supervised',
      joint: 'joint',
      returns_count: 'returnsCount',
      satisfaction: 'satisfaction',
      reported_at: 'reportedAt',
      due_at: 'dueAt',
      closed_at: 'closedAt',
      reporter_person_id: 'reporter',
      area_id: 'area',
      grid_id: 'grid',
      building_id: 'building',
      duty_item_id: 'dutyItem',
    },
  },
};
