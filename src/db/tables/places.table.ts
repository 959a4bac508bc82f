import type { Generated } from 'kysely';
import type { CanonicalColumns, DateOnly } from './common';

/** 行政区划: province → city → district → street/town → community/village. */
export interface AdminAreaTable extends CanonicalColumns {
  scheme: Generated<string>;
  code: string;
  vintage: number;
  name: string;
  name_norm: string;
  level: 'province' | 'city' | 'district' | 'street' | 'community';
  parent_id: string | null;
  /** Codes from the province down, '/'-joined; a subtree is a prefix match. */
  path: string;
  urban_rural_class: string | null;
  is_test: Generated<boolean>;
}

/** 网格: belongs to exactly one community. */
export interface GridTable extends CanonicalColumns {
  code: string;
  name: string;
  /** The name's match form (`normalizeName`), compared by name search; `name` is as the source wrote it. */
  name_norm: string;
  community_id: string;
}

/** 小区 / 物业管理区域. */
export interface PropertyProjectTable extends CanonicalColumns {
  code: string;
  name: string;
  name_norm: string;
  community_id: string | null;
  company_id: string | null;
  contract_from: DateOnly | null;
  contract_to: DateOnly | null;
  fee_per_m2: number | null;
}

/** 楼栋. */
export interface BuildingTable extends CanonicalColumns {
  project_id: string | null;
  community_id: string;
  grid_id: string | null;
  building_no: string;
  address: string | null;
  address_norm: string;
  units: number | null;
  floors: number | null;
}

/** 房屋 / 户室. */
export interface DwellingTable extends CanonicalColumns {
  building_id: string;
  grid_id: string | null;
  unit: Generated<string>;
  floor: number | null;
  room: string;
  area_m2: number | null;
  usage: string | null;
  rented: boolean | null;
}
