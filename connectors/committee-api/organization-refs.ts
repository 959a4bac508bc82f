import { change, normalizeText, type CanonicalChange, type OrganizationKind, type OrganizationRef } from '../../src/sdk/index';

/**
 * Kind of an organisation the platform names (a handling unit, an organiser, an event's actor),
 * from its name and the category digits of its USCC. The platform does not say; a wrong guess
 * is visible and fixable, an `OTHER` is the honest answer when nothing fits.
 */
export function organizationKindOf(name: string, uscc: string | null): OrganizationKind {
  const n = normalizeText(name);
  const category = uscc ? normalizeText(uscc).toUpperCase().slice(0, 2) : null;
  if (/居民委员会|居委会|村民委员会|村委会/u.test(n)) return 'RESIDENTS_COMMITTEE';
  if (/业主委员会|业委会/u.test(n)) return 'OWNERS_COMMITTEE';
  if (/街道办事处|街道办|(乡|镇)人民政府/u.test(n)) return 'STREET_OFFICE';
  if (/党工委|党委|党总支|党支部|党小组|党组/u.test(n)) return 'PARTY_ORG';
  if (/物业/u.test(n)) return 'PROPERTY_COMPANY';
  if (category === '51' || category === '52' || category === '53') return 'SOCIAL_ORG';
  if (category === '11' || /(局|分局|热线|执法|网格化服务管理中心)/u.test(n)) return 'GOVERNMENT_DEPT';
  return 'OTHER';
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
