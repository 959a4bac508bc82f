import { change, defineStream, type CanonicalChange } from '../../src/sdk';
import { cell, normalizeCode, requiredCell } from '../../src/sdk/transports/files';
import { readExports } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import { GRID_WORKER_FIELDS, type StreetOfficeRecord } from './street-office.records';
import { idDigest } from './street-office.values';

/**
 * 网格员 → the worker as a `person` and a `staffRole` (GRID_WORKER, scope GRID) on the grid. Read
 * from the grid export like the `grids` stream, but as its own records, so a mistyped worker ID
 * or phone dead-letters the worker and never the grid. Only rows naming the worker's ID number
 * are read: a person is matched by ID number, so a worker known only by name is skipped.
 */
export function mapGridWorkerRow(record: StreetOfficeRecord): CanonicalChange[] {
  const row = record.row;
  const gridCode = requiredCell(row, '网格编码');
  const idNumber = requiredCell(row, '网格员公民身份号码');
  const name = requiredCell(row, '网格员');
  const mobile = cell(row, '网格员电话');
  return [
    change('person', { idNumber, name, mobile: mobile || null }),
    change('staffRole', { personIdNumber: idNumber, role: 'GRID_WORKER', scope: 'GRID', gridCode }),
  ];
}

export const gridWorkersStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'grid-workers',
  description: '网格员 grid workers (with an ID number) from the newest grid export',
  primaryKey: ['网格编码', '网格员公民身份号码'],
  personalFields: GRID_WORKER_FIELDS,
  read: (ctx, cursor) =>
    readExports(ctx, cursor, {
      table: 'grids',
      select: (m) => cell(m.values, '网格员公民身份号码') !== '',
      // the grids stream reports a drifted grid export
      reportDrift: false,
    }),
  externalId: (r) => `grid-workers:${normalizeCode(r.row.网格编码 ?? '') || '-'}:${idDigest(r.row.网格员公民身份号码 ?? '', r.street)}`,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapGridWorkerRow(r),
});
