import { change, defineStream, normalizeName, type CanonicalChange } from '../../src/sdk';
import { cell, normalizeCode, requiredCell, type TableRowMessage } from '../../src/sdk/transports/files';
import { readExports } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import { GRID_WORKER_FIELDS, type StreetOfficeRecord } from './street-office.records';
import { digest, idDigest } from './street-office.values';

/** Reason code of grid rows naming a worker by name alone (no ID number, no mobile): counted, not read. */
export const WORKER_NAME_ONLY = 'WORKER_NAME_ONLY';

/**
 * Which grid rows are grid-worker records: those naming the worker's ID number, or — without
 * one — a name and a mobile. A row naming no worker is none; a worker by name alone is skipped
 * and counted (`WORKER_NAME_ONLY`): a name identifies nobody.
 */
export function selectGridWorker(row: Pick<TableRowMessage, 'values'>): boolean | string {
  if (cell(row.values, '网格员公民身份号码') !== '') return true;
  if (cell(row.values, '网格员') === '') return false;
  return cell(row.values, '网格员电话') !== '' ? true : WORKER_NAME_ONLY;
}

/**
 * 网格员 → a `staffRole` (GRID_WORKER, scope GRID) on the grid. Read from the grid export like the
 * `grids` stream, but as its own records, so a mistyped worker ID or phone dead-letters the
 * worker and never the grid.
 *
 * - With the worker's ID number: the worker as a `person` (ID, name, mobile) and the role.
 * - Without one, by name + mobile: the role only, its person **linked** to the person the hub
 *   knows with that name and mobile (`StaffRoleInput.person`) — never created, since a person
 *   made from a name and a phone could not be recognised again; when no single known person has
 *   them the record is the dead letter `UNLINKED_PERSON` (replay it once the person is known).
 */
export function mapGridWorkerRow(record: StreetOfficeRecord): CanonicalChange[] {
  const row = record.row;
  const gridCode = requiredCell(row, '网格编码');
  const name = requiredCell(row, '网格员');
  const idNumber = cell(row, '网格员公民身份号码');
  if (idNumber === '') {
    const mobile = requiredCell(row, '网格员电话');
    return [change('staffRole', { person: { name, mobile }, role: 'GRID_WORKER', scope: 'GRID', gridCode })];
  }
  const mobile = cell(row, '网格员电话');
  return [
    change('person', { idNumber, name, mobile: mobile || null }),
    change('staffRole', { personIdNumber: idNumber, role: 'GRID_WORKER', scope: 'GRID', gridCode }),
  ];
}

/**
 * `grid-workers:<grid code>:<ID digest>`, or for a worker without an ID number
 * `grid-workers:<grid code>:m<digest of name + mobile>` — never the identifiers themselves.
 */
export function gridWorkerExternalId(r: StreetOfficeRecord): string {
  const grid = normalizeCode(r.row.网格编码 ?? '') || '-';
  const id = r.row.网格员公民身份号码 ?? '';
  if (id.trim() !== '') return `grid-workers:${grid}:${idDigest(id, r.street)}`;
  const mobile = normalizeCode(r.row.网格员电话 ?? '').replace(/\D/g, '');
  return `grid-workers:${grid}:m${digest(`${r.street}|${normalizeName(r.row.网格员 ?? '')}|${mobile}`, 8)}`;
}

export const gridWorkersStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'grid-workers',
  description: '网格员 grid workers (by ID number, or linked by name + mobile) from the newest grid export',
  primaryKey: ['网格编码', '网格员公民身份号码', '网格员', '网格员电话'],
  personalFields: GRID_WORKER_FIELDS,
  read: (ctx, cursor) =>
    readExports(ctx, cursor, {
      table: 'grids',
      select: selectGridWorker,
      // the grids stream reports a drifted grid export
      reportDrift: false,
    }),
  externalId: gridWorkerExternalId,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapGridWorkerRow(r),
});
