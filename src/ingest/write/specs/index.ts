import type { CanonicalEntity } from '../../../sdk/canonical-change';
import type { EntitySpec } from '../entity-spec';
import { activitySpec } from './activity.spec';
import { allianceMemberSpec } from './alliance.spec';
import { caseSpec, dutyItemSpec } from './case.spec';
import { organizationSpec } from './organization.spec';
import { contactAssignmentSpec, partyMemberSpec, partyOrgSpec } from './party.spec';
import { householdSpec, personSpec, residencySpec, staffRoleSpec } from './people.spec';
import { adminAreaSpec, buildingSpec, dwellingSpec, gridSpec, propertyProjectSpec } from './places.spec';

/**
 * Every canonical entity in write order: an entity comes after every entity it references, so a
 * batch's rows can refer to rows created earlier in the same batch.
 */
export const ENTITY_SPECS: readonly EntitySpec[] = [
  adminAreaSpec,
  organizationSpec,
  gridSpec,
  propertyProjectSpec,
  buildingSpec,
  dwellingSpec,
  householdSpec,
  personSpec,
  residencySpec,
  partyOrgSpec,
  partyMemberSpec,
  contactAssignmentSpec,
  allianceMemberSpec,
  staffRoleSpec,
  dutyItemSpec,
  caseSpec,
  activitySpec,
// biome-ignore lint/suspicious/noExplicitAny: one list of specs of different row types
] as readonly EntitySpec<any>[];

export const SPEC_BY_ENTITY: ReadonlyMap<CanonicalEntity, EntitySpec> = new Map(ENTITY_SPECS.map((s) => [s.entity, s]));
