import type { EntitySpec } from '../entity-spec';
import {
  areaKey,
  buildingKey,
  codeKey,
  dwellingKey,
  gridKey,
  normalizeBuildingNo,
  normalizeRoom,
  normalizeUnit,
  optionalDate,
  optionalLabel,
  optionalText,
  organizationKey,
  requiredName,
} from '../natural-keys';
import { normalizeAddress } from '../../../domain/normalize';
import { areaAncestors } from '../../../domain/area-code';
import { rejectRecord } from '../record-rejection';

const LEVEL_RANK = { province: 0, city: 1, district: 2, street: 3, community: 4 } as const;

/** 行政区划, keyed by the 12-digit NBS code. */
export const adminAreaSpec: EntitySpec<'adminArea'> = {
  entity: 'adminArea',
  table: 'admin_area',
  matchMethod: 'area-code',
  defaults: { is_test: false },
  prepare(d) {
    const code = areaKey(d.code, 'code');
    const parentCode = d.parentCode ? areaKey(d.parentCode, 'parentCode') : null;
    if (d.level !== 'province' && !parentCode) throw rejectRecord('VALIDATE', 'MISSING_FIELD', 'parentCode is missing');
    const { name, nameNorm } = requiredName(d.name, 'name');
    return {
      naturalKey: code,
      rank: LEVEL_RANK[d.level],
      columns: {
        scheme: 'NBS',
        code,
        vintage: d.vintage ?? 2023,
        name,
        name_norm: nameNorm,
        level: d.level,
        path: areaAncestors(code).join('/'),
        urban_rural_class: d.urbanRuralClass ?? undefined,
        is_test: d.isTest,
      },
      refs: { parent_id: parentCode ? { entity: 'adminArea', key: parentCode } : null },
    };
  },
};

/** 网格, keyed by its 15-digit code; its community is the code's first 12 digits unless given. */
export const gridSpec: EntitySpec<'grid'> = {
  entity: 'grid',
  table: 'grid',
  matchMethod: 'grid-code',
  prepare(d) {
    const code = gridKey(d.code, 'code');
    const community = areaKey(d.communityCode || code.slice(0, 12), 'communityCode');
    const { name, nameNorm } = requiredName(d.name, 'name');
    return { naturalKey: code, columns: { code, name, name_norm: nameNorm }, refs: { community_id: { entity: 'adminArea', key: community } } };
  },
};

/** 小区, keyed by its project code. */
export const propertyProjectSpec: EntitySpec<'propertyProject'> = {
  entity: 'propertyProject',
  table: 'property_project',
  matchMethod: 'project-code',
  prepare(d) {
    const code = codeKey(d.code, 'code');
    const { name, nameNorm } = requiredName(d.name, 'name');
    return {
      naturalKey: code,
      columns: {
        code,
        name,
        name_norm: nameNorm,
        contract_from: optionalDate(d.contractFrom, 'contractFrom'),
        contract_to: optionalDate(d.contractTo, 'contractTo'),
        fee_per_m2: d.feePerM2 ?? undefined,
      },
      refs: {
        community_id: d.communityCode ? { entity: 'adminArea', key: areaKey(d.communityCode, 'communityCode') } : null,
        company_id: d.company ? { entity: 'organization', key: organizationKey(d.company, 'company').key } : null,
      },
    };
  },
};

/** A building reference that names its project but no community. */
function byProjectOnly(d: { communityCode?: string | null; projectCode?: string | null }): boolean {
  return (d.communityCode === null || d.communityCode === undefined || String(d.communityCode).trim() === '') && !!d.projectCode && String(d.projectCode).trim() !== '';
}

/** 楼栋, keyed by project (or community) + normalised building number. */
export const buildingSpec: EntitySpec<'building'> = {
  entity: 'building',
  table: 'building',
  matchMethod: 'building-address',
  prepare(d) {
    const key = buildingKey(d);
    const address = optionalText(d.address, 'address');
    return {
      naturalKey: key,
      columns: {
        building_no: normalizeBuildingNo(d.buildingNo),
        address,
        address_norm: normalizeAddress(address ?? key),
        units: d.units ?? undefined,
        floors: d.floors ?? undefined,
      },
      // without an address the normalised key only fills a new row's NOT NULL column: it never
      // replaces an address another record gave, whichever came first
      ...(address === undefined ? { kept: ['address_norm'] } : {}),
      refs: {
        // a building named by project + number only (a repair order) lies in its project's
        // community: the identity step fills it in (resolve-identities.ts)
        community_id: byProjectOnly(d) ? null : { entity: 'adminArea', key: areaKey(d.communityCode, 'communityCode') },
        project_id: d.projectCode ? { entity: 'propertyProject', key: codeKey(d.projectCode, 'projectCode') } : null,
        grid_id: d.gridCode ? { entity: 'grid', key: gridKey(d.gridCode) } : null,
      },
    };
  },
};

/** 房屋, keyed by building + unit + room. */
export const dwellingSpec: EntitySpec<'dwelling'> = {
  entity: 'dwelling',
  table: 'dwelling',
  matchMethod: 'dwelling-address',
  prepare(d) {
    return {
      naturalKey: dwellingKey(d),
      columns: {
        unit: normalizeUnit(d.unit),
        room: normalizeRoom(d.room),
        floor: d.floor ?? undefined,
        area_m2: d.areaM2 ?? undefined,
        usage: optionalLabel(d.usage, 'usage'),
        rented: d.rented ?? undefined,
      },
      refs: {
        building_id: { entity: 'building', key: buildingKey(d.building, 'building') },
        grid_id: d.gridCode ? { entity: 'grid', key: gridKey(d.gridCode) } : null,
      },
    };
  },
};
