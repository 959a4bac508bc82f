import type { ColumnType } from 'kysely';
import type { CanonicalColumns, DateOnly, TextArray } from './common';

export type { OrganizationKind } from '../../domain/organization-kind';
import type { OrganizationKind } from '../../domain/organization-kind';

/** 单位 / 组织: one table for every kind, kind-specific columns nullable. */
export interface OrganizationTable extends CanonicalColumns {
  kind: OrganizationKind;
  name: string;
  name_norm: string;
  uscc: string | null;
  uscc_checksum_valid: boolean | null;
  org_code: string | null;
  filing_no: string | null;
  area_id: string | null;
  status: ColumnType<'ACTIVE' | 'CANCELLED' | 'REVOKED', 'ACTIVE' | 'CANCELLED' | 'REVOKED' | undefined>;
  social_org_type: string | null;
  registration_authority: string | null;
  supervisor: string | null;
  founded_on: DateOnly | null;
  address: string | null;
  former_names: TextArray;
  needs_review: ColumnType<boolean, boolean | undefined, boolean>;
  /** The name read as unit type + distinctive part (identity/organization-match-keys.ts); null = matched by codes only. */
  match_name: string | null;
  /** 12-digit code of the area `match_name` is unique within. */
  match_scope: string | null;
}

/** A member unit of a 区域化党建联盟 (the alliance is an organisation of kind `ALLIANCE`, its `area_id` the community or street it serves). */
export interface AllianceMemberTable extends CanonicalColumns {
  alliance_id: string;
  organization_id: string;
  role: ColumnType<'LEAD' | 'MEMBER', 'LEAD' | 'MEMBER' | undefined, 'LEAD' | 'MEMBER'>;
  /** 共建项目 / commitments the unit made (as the source wrote them). */
  commitments: TextArray;
  joined_on: DateOnly | null;
  left_on: DateOnly | null;
}
