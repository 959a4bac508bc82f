import { registerEnumType } from 'type-graphql';
import { ORGANIZATION_KINDS, type OrganizationKind as DomainOrganizationKind } from '../../domain/organization-kind';

/** 单位 / 组织 kinds (`organization.kind`), from the domain's one list. */
export const OrganizationKind = Object.freeze(Object.fromEntries(ORGANIZATION_KINDS.map((k) => [k, k]))) as { readonly [K in DomainOrganizationKind]: K };
export type OrganizationKind = (typeof OrganizationKind)[keyof typeof OrganizationKind];

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'Kind of organisation (单位类型).',
  valuesConfig: {
    STREET_OFFICE: { description: '街道办事处 street office' },
    RESIDENTS_COMMITTEE: { description: '居民委员会 residents\' committee' },
    OWNERS_COMMITTEE: { description: '业主委员会 owners\' committee' },
    SOCIAL_ORG: { description: '社会组织 social organisation' },
    PROPERTY_COMPANY: { description: '物业服务企业 property-management company' },
    RESIDENT_UNIT: { description: '驻区单位 unit resident in the area' },
    GOVERNMENT_DEPT: { description: '政府职能部门 government department' },
    PARTY_ORG: { description: '党组织 (as an organisation) party organisation' },
    ALLIANCE: { description: '区域化党建联盟 regional party-building alliance' },
    OTHER: { description: '其他 other' },
  },
});

/** Registration status of an organisation. */
export const OrganizationStatus = { ACTIVE: 'ACTIVE', CANCELLED: 'CANCELLED', REVOKED: 'REVOKED' } as const;
export type OrganizationStatus = (typeof OrganizationStatus)[keyof typeof OrganizationStatus];
registerEnumType(OrganizationStatus, {
  name: 'OrganizationStatus',
  description: 'Registration status.',
  valuesConfig: { ACTIVE: { description: '存续 active' }, CANCELLED: { description: '注销 cancelled' }, REVOKED: { description: '吊销 revoked' } },
});
