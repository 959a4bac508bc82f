/** Kinds of 单位 / 组织 in the one organisation table (DOMAIN.md §2). */
export const ORGANIZATION_KINDS = [
  'STREET_OFFICE',
  'RESIDENTS_COMMITTEE',
  'OWNERS_COMMITTEE',
  'SOCIAL_ORG',
  'PROPERTY_COMPANY',
  'RESIDENT_UNIT',
  'GOVERNMENT_DEPT',
  'PARTY_ORG',
  'ALLIANCE',
  'OTHER',
] as const;

/** 街道办事处, 居委会, 业委会, 社会组织, 物业公司, 驻区单位, 政府部门, 党组织, 党建联盟, other. */
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** The one kind guess from a name (and USCC category) every connector and path uses: see organization-name.ts. */
export { inferOrganizationKind } from './organization-name';
