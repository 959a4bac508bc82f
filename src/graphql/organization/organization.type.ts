import type { Selectable } from 'kysely';
import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import type { OrganizationTable } from '../../db/tables/organization.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { OrganizationKind, OrganizationStatus } from './organization.enums';

export type OrganizationRow = Selectable<OrganizationTable>;

/** 社会组织 registration facts. */
@ObjectType('SocialOrgDetails', { simpleResolvers: true, description: 'Fields only social organisations (社会组织) have.' })
export class SocialOrgDetailsType {
  @Field(() => String, { nullable: true, description: 'Type: 社会团体, 民办非企业单位 (社会服务机构), 基金会 …' })
  socialOrgType!: string | null;

  @Field(() => String, { nullable: true, description: 'Registration authority (登记管理机关).' })
  registrationAuthority!: string | null;

  @Field(() => String, { nullable: true, description: 'Supervising unit (业务主管单位).' })
  supervisor!: string | null;

  @Field(() => String, { nullable: true, description: 'Filing number of a community social organisation (备案号).' })
  filingNo!: string | null;

  @Field(() => String, { nullable: true, description: 'Founding date (YYYY-MM-DD).' })
  foundedOn!: string | null;
}

/** A property company's estates are reached through these details. */
@ObjectType('PropertyCompanyDetails', { simpleResolvers: true, description: 'Fields only property-management companies (物业服务企业) have.' })
export class PropertyCompanyDetailsType {
  companyRowId!: string;

  @Field(() => String, { nullable: true, description: 'Founding date (YYYY-MM-DD).' })
  foundedOn!: string | null;
}

export const OrganizationDetails = createUnionType({
  name: 'OrganizationDetails',
  description: 'Kind-specific fields of an organisation; null for kinds without any.',
  types: () => [SocialOrgDetailsType, PropertyCompanyDetailsType] as const,
});

/** 单位 / 组织 (L1, public). */
@ObjectType('Organization', {
  implements: Node,
  description: '单位 / 组织 — an organisation of any kind: street office, residents\' or owners\' committee, social organisation, property company, resident unit … Public (L1).',
})
export class OrganizationType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Organization', this.rowId);
  }

  @Field(() => OrganizationKind, { description: 'Kind of organisation.' })
  kind!: OrganizationKind;

  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code (统一社会信用代码, GB 32100).' })
  uscc!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'False when the USCC check character fails (accepted, flagged for review).' })
  usccChecksumValid!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Old organisation code (组织机构代码, USCC positions 9–17).' })
  orgCode!: string | null;

  @Field(() => OrganizationStatus, { description: 'Registration status.' })
  status!: OrganizationStatus;

  @Field(() => String, { nullable: true, description: 'Address of the organisation.' })
  address!: string | null;

  @Field(() => [String], { description: 'Former names (曾用名).' })
  formerNames!: string[];

  @Field(() => Boolean, { description: 'Queued for review (e.g. a failed USCC check).' })
  needsReview!: boolean;

  @Field(() => OrganizationDetails, { nullable: true, description: 'Kind-specific fields.' })
  details!: SocialOrgDetailsType | PropertyCompanyDetailsType | null;

  rowId!: string;
  areaId!: string | null;
}

function detailsOf(row: OrganizationRow): SocialOrgDetailsType | PropertyCompanyDetailsType | null {
  if (row.kind === 'SOCIAL_ORG') {
    const d = new SocialOrgDetailsType();
    d.socialOrgType = row.social_org_type;
    d.registrationAuthority = row.registration_authority;
    d.supervisor = row.supervisor;
    d.filingNo = row.filing_no;
    d.foundedOn = row.founded_on;
    return d;
  }
  if (row.kind === 'PROPERTY_COMPANY') {
    const d = new PropertyCompanyDetailsType();
    d.companyRowId = row.id;
    d.foundedOn = row.founded_on;
    return d;
  }
  return null;
}

/** Maps an `organization` row. */
export function toOrganizationType(row: OrganizationRow): OrganizationType {
  const t = new OrganizationType();
  t.rowId = row.id;
  t.kind = row.kind;
  t.name = row.name;
  t.uscc = row.uscc;
  t.usccChecksumValid = row.uscc_checksum_valid;
  t.orgCode = row.org_code;
  t.status = row.status;
  t.address = row.address;
  t.formerNames = row.former_names;
  t.needsReview = row.needs_review;
  t.details = detailsOf(row);
  t.areaId = row.area_id;
  return t;
}
