import { change, inferOrganizationKind, type CanonicalChange, type OrganizationKind, type OrganizationRef } from '../../src/sdk/index';

/**
 * Kind of an organisation the platform names (a handling unit, an organiser, an event's actor),
 * from its name and the category digits of its USCC: the hub's one guess
 * (`inferOrganizationKind`, src/domain/organization-name.ts), so every source that names a unit
 * the same way gives it the same kind. The platform does not say; a wrong guess is visible and
 * fixable, an `OTHER` is the honest answer when nothing fits.
 */
export function organizationKindOf(name: string, uscc: string | null): OrganizationKind {
  return inferOrganizationKind(name, uscc);
}

/**
 * A reference to an organisation the platform names, plus the organisation change that makes
 * sure it exists (the write path resolves references only to rows that exist). With a USCC the
 * USCC is the key; without one the name within the community (`areaCode`) is.
 */
export function organizationOf(name: string, uscc: string | null, communityCode: string | null): { ref: OrganizationRef; change: CanonicalChange } {
  const kind = organizationKindOf(name, uscc);
  const ref: OrganizationRef = uscc ? { uscc, name, kind } : { name, kind, areaCode: communityCode };
  return { ref, change: change('organization', { ...ref, kind }) };
}
