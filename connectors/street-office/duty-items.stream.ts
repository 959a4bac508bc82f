import { change, defineStream, type CanonicalChange, type DutyItemInput } from '../../src/sdk';
import { assertReadableText, cell, enumCell, normalizeCode, requiredCell } from '../../src/sdk/transports/files';
import { readExports } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import type { StreetOfficeRecord } from './street-office.records';

/** 清单类型, as street lists name them. */
export const LIST_TYPES: Readonly<Record<string, DutyItemInput['listType']>> = {
  权力: 'POWER',
  权力清单: 'POWER',
  权力事项: 'POWER',
  责任: 'RESPONSIBILITY',
  责任清单: 'RESPONSIBILITY',
  责任事项: 'RESPONSIBILITY',
  基本履职: 'BASIC_DUTY',
  基本履职事项: 'BASIC_DUTY',
  基本履职清单: 'BASIC_DUTY',
  配合履职: 'ASSIST_DUTY',
  配合履职事项: 'ASSIST_DUTY',
  配合履职清单: 'ASSIST_DUTY',
  收回: 'WITHDRAWN',
  收回事项: 'WITHDRAWN',
  上级部门收回事项: 'WITHDRAWN',
  收回清单: 'WITHDRAWN',
};

/** 权责清单 → `dutyItem` of the configured street. */
export function mapDutyItemRow(record: StreetOfficeRecord): CanonicalChange[] {
  const row = record.row;
  const code = requiredCell(row, '事项编码');
  const name = requiredCell(row, '事项名称');
  const listType = enumCell(row, '清单类型', LIST_TYPES, { required: true })!;
  assertReadableText(row, ['职权类别', '实施依据', '责任单位']);
  return [
    change('dutyItem', {
      code,
      streetCode: record.street,
      name,
      listType,
      powerCategory: cell(row, '职权类别') || null,
      basis: cell(row, '实施依据') || null,
      responsibleUnit: cell(row, '责任单位') || null,
    }),
  ];
}

export const dutyItemsStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'duty-items',
  description: '权责清单 duty items of the street from the newest list export',
  primaryKey: ['事项编码'],
  // duty items name units and laws, no person
  personalFields: {},
  read: (ctx, cursor) => readExports(ctx, cursor, { table: 'duty-items' }),
  externalId: (r) => `duty-items:${r.street}:${normalizeCode(r.row.事项编码 ?? '').toUpperCase() || '-'}`,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapDutyItemRow(r),
});
