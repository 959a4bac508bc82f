import { change, defineStream, normalizeAddress, reference, type BuildingRef, type CanonicalChange } from '../../src/sdk';
import { assertReadableText, booleanCell, cell, numberCell, requiredCell } from '../../src/sdk/transports/files';
import { readExports } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import type { StreetOfficeRecord } from './street-office.records';
import { buildingNumber, checkedGridCode, digest } from './street-office.values';

/** The building a row's 小区 + 楼栋 name, in the community of its grid. */
export function buildingRefOf(row: Record<string, string>, communityCode: string): BuildingRef {
  return { communityCode, buildingNo: buildingNumber(cell(row, '小区'), requiredCell(row, '楼栋')) };
}

/**
 * 房屋 → `dwelling` (单元 + 房号) and, as a reference, its `building` (小区 + 楼栋, in the grid's
 * community): every row of a building says the building, only the first one (or one saying
 * something new about it) leaves lineage on it.
 */
export function mapDwellingRow(record: StreetOfficeRecord): CanonicalChange[] {
  const row = record.row;
  const gridCode = requiredCell(row, '网格编码');
  const room = requiredCell(row, '房号');
  const building = buildingRefOf(row, checkedGridCode(gridCode).communityCode);
  assertReadableText(row, ['小区', '楼栋', '单元', '房号', '房屋用途']);
  const estate = cell(row, '小区');
  return [
    reference('building', { ...building, gridCode, address: normalizeAddress(`${estate}${cell(row, '楼栋')}`) }),
    change('dwelling', {
      building,
      unit: cell(row, '单元'),
      room,
      gridCode,
      floor: numberCell(row, '楼层', { integer: true }),
      areaM2: numberCell(row, '建筑面积'),
      usage: cell(row, '房屋用途') || null,
      rented: booleanCell(row, '是否出租'),
    }),
  ];
}

/** A dwelling's external id: the street and a digest of its normalised address (a house-level address is personal, L2). */
export function dwellingExternalId(r: StreetOfficeRecord): string {
  const parts = ['网格编码', '小区', '楼栋', '单元', '房号'].map((c) => normalizeAddress(cell(r.row, c)));
  return `dwellings:${r.street}:${digest(parts.join('|'))}`;
}

export const dwellingsStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'dwellings',
  description: '房屋 buildings and dwellings from the newest dwelling export',
  primaryKey: ['网格编码', '小区', '楼栋', '单元', '房号'],
  // a dwelling's address below its building (单元, 房号) is house level: shown cut to the building
  personalFields: { withheld: ['row.单元', 'row.房号'] },
  read: (ctx, cursor) => readExports(ctx, cursor, { table: 'dwellings' }),
  externalId: dwellingExternalId,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapDwellingRow(r),
});
