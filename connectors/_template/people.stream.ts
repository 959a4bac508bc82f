import { change, defineStream, resolveSourcePath, RecordError, type CanonicalChange, type ConnectorContext, type JsonValue, type ReadMessage } from '../../src/sdk';
import { AppliedFiles, cell, HeaderResolver, readFolderTables, readingFingerprint, requiredCell } from '../../src/sdk/transports/files';
import type { TemplateConfig } from './template.config';
import { PEOPLE_TABLE } from './people.table';

/** File extensions the exports come in. */
export const PEOPLE_EXTENSIONS = ['csv', 'tsv', 'xlsx', 'xls'] as const;

/** A row of an export under canonical headers, and when the file was exported. */
export interface PeopleRecord {
  exportedAt: string;
  row: Record<string, string>;
}

/**
 * Reads every export not applied yet, oldest first. The cursor (stored by the hub) lists the files
 * applied; a file missing a required column is one SCHEMA_DRIFT dead letter and is set aside
 * (`readFolderTables` runs the loop; this stream says what a row becomes).
 */
async function* readPeople(ctx: ConnectorContext<TemplateConfig>, cursor: JsonValue | null): AsyncIterable<ReadMessage> {
  yield* readFolderTables(
    {
      folder: resolveSourcePath(ctx, 'path', ctx.config.path),
      applied: AppliedFiles.fromCursor(cursor),
      resolver: new HeaderResolver(PEOPLE_TABLE, ctx.config.headerAliases),
      extensions: PEOPLE_EXTENSIONS,
      fingerprint: readingFingerprint({ headerAliases: ctx.config.headerAliases, encoding: ctx.config.encoding }),
      encoding: ctx.config.encoding,
      followLinksOutside: ctx.allowPathsOutside ?? false,
      signal: ctx.signal,
      logger: ctx.logger,
    },
    (row, file) => ({ type: 'record', data: { exportedAt: file.exportTime.instant, row: row.values } satisfies PeopleRecord, position: row.position }),
  );
}

/** A row → the person, their household and the residency between them. */
export function mapPeopleRow(record: PeopleRecord): CanonicalChange[] {
  const row = record.row;
  const idNumber = requiredCell(row, '公民身份号码');
  const name = requiredCell(row, '姓名');
  const householdNo = cell(row, '户号');
  if (!householdNo) throw new RecordError('MISSING_FIELD', '户号 is empty');
  return [
    // identifiers pass as the source wrote them: the write path validates and normalises them
    change('person', { idNumber, name, mobile: cell(row, '联系电话') || null }),
    change('household', { householdNo, kind: 'RESIDENT' }),
    change('residency', { personIdNumber: idNumber, householdNo, category: 'FLOATING' }),
  ];
}

export const peopleStream = defineStream<TemplateConfig, PeopleRecord>({
  name: 'people',
  description: 'People and their households from CSV / XLSX exports',
  primaryKey: ['编号'],
  // where the records hold personal information (paths into the record as read() yields it)
  personalFields: { name: ['row.姓名'], idNumber: ['row.公民身份号码'], mobile: ['row.联系电话'] },
  read: readPeople,
  // the row's key in the export; never a raw ID number (lineage is no store for them)
  externalId: (r) => `people:${cell(r.row, '编号')}`,
  version: (r, readAt) => cell(r.row, '更新时间') || r.exportedAt || readAt,
  map: (r) => mapPeopleRow(r),
});
