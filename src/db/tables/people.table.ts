import type { CanonicalColumns, DateOnly, TextArray } from './common';

/** 户: a registered (户籍户) or resident (居住户) household. */
export interface HouseholdTable extends CanonicalColumns {
  household_no: string;
  kind: 'REGISTERED' | 'RESIDENT';
  dwelling_id: string | null;
  grid_id: string | null;
  community_id: string | null;
}

/** 居民 / 实有人口: the golden person record. ID number and mobile only as hash + ciphertext. */
export interface PersonTable extends CanonicalColumns {
  name: string;
  name_norm: string;
  sex: 'M' | 'F' | null;
  birth_date: DateOnly | null;
  ethnicity: string | null;
  id_hash: string | null;
  id_enc: string | null;
  mobile_hash: string | null;
  mobile_enc: string | null;
  political_status: 'CPC_MEMBER' | 'CPC_PROBATIONARY' | 'CYL_MEMBER' | 'MASSES' | 'OTHER' | null;
  /** L4 labels (独居老人, 低保, …). */
  tags: TextArray;
}

/** A person's membership of a household over a period (户籍人口 / 流动人口). */
export interface ResidencyTable extends CanonicalColumns {
  person_id: string;
  household_id: string;
  relation: string | null;
  category: 'REGISTERED' | 'FLOATING';
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
}

/** 网格员 / 信息员 / 志愿者 / 楼栋长: person + role + scope + period. */
export interface StaffRoleTable extends CanonicalColumns {
  person_id: string;
  role: 'GRID_WORKER' | 'INFO_OFFICER' | 'VOLUNTEER' | 'BUILDING_LEADER';
  scope: 'GRID' | 'COMMUNITY' | 'STREET';
  area_id: string | null;
  grid_id: string | null;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
}
