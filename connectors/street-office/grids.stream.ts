import { change, defineStream, type CanonicalChange } from '../../src/sdk';
import { cell, normalizeCode, requiredCell } from '../../src/sdk/transports/files';
import { readExports } from './read-exports';
import { streetCode12, type StreetOfficeConfig } from './street-office.config';
import { GRID_WORKER_FIELDS, type StreetOfficeRecord } from './street-office.records';
import { assertInStreet, frameChanges } from './street-office.values';

/**
 * 网格 → `grid`, and its community as an `adminArea` under the configured street (the street
 * office is the authority for its communities; written when the row names the community), plus
 * the street and its ancestors when the config names them.
 */
export function mapGridRow(record: StreetOfficeRecord, config: StreetOfficeConfig): CanonicalChange[] {
  const row = record.row;
  const gridCode = requiredCell(row, '网格编码');
  const name = requiredCell(row, '网格名称');
  const grid = normalizeCode(gridCode);
  const communityGiven = normalizeCode(cell(row, '社区代码'));
  const communityCode = communityGiven || (/^\d{15}$/.test(grid) ? grid.slice(0, 12) : '');
  assertInStreet(communityCode, config, communityGiven ? '社区代码' : '网格编码');
  const changes: CanonicalChange[] = [change('grid', { code: gridCode, name, communityCode })];
  const communityName = cell(row, '社区名称');
  if (communityName && communityCode) {
    changes.push(change('adminArea', { code: communityCode, name: communityName, level: 'community', parentCode: streetCode12(config), isTest: config.testData }));
  }
  changes.push(...frameChanges(config));
  return changes;
}

export const gridsStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'grids',
  description: '网格 grids (and their communities) from the newest grid export',
  primaryKey: ['网格编码'],
  // the grid's own columns are L1; its row also names the grid worker
  personalFields: GRID_WORKER_FIELDS,
  read: (ctx, cursor) => readExports(ctx, cursor, { table: 'grids' }),
  externalId: (r) => `grids:${normalizeCode(r.row.网格编码 ?? '') || '-'}`,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r, { config }) => mapGridRow(r, config),
});
