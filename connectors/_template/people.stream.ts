import { change, defineStream, resolveSourcePath, RecordError, type CanonicalChange, type ConnectorContext, type JsonValue, type ReadMessage } from '../../src/sdk';
import { AppliedFiles, cell, HeaderResolver, pendingFiles, readingFingerprint, readTableFile, requiredCell, tableMessages, type TableFile } from '../../src/sdk/transports/files';
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
 * applied; a file missing a required column is one SCHEMA_DRIFT dead letter and is set aside.
 */
async function* readPeople(ctx: ConnectorContext<TemplateConfig>, cursor: JsonValue | null): AsyncIterable<ReadMessage> {
  const applied = AppliedFiles.fromCursor(cursor);
  const resolver = new HeaderResolver(PEOPLE_TABLE, ctx.config.headerAliases);
  const fingerprint = readingFingerprint({ headerAliases: ctx.config.headerAliases, encoding: ctx.config.encoding });
  const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
  for (const file of await pendingFiles(folder, applied, { extensions: PEOPLE_EXTENSIONS, fingerprint, followLinksOutside: ctx.allowPathsOutside ?? false })) {
    if (ctx.signal.aborted) return;
    let table: TableFile;
    try {
      table = await readTableFile(file, { encoding: ctx.config.encoding, isHeader: (cells) => resolver.score(cells) >= 2 });
    } catch {
      yield { type: 'failed', reason: 'UNREADABLE_FILE', message: `${file.name}: not a readable table`, raw: { file: file.name }, position: { file: file.name, line: 0 } };
      applied.skip(file.key, fingerprint);
      yield { type: 'checkpoint', cursor: applied.toCursor() };
      continue;
    }
    let drifted = false;
    for (const message of tableMessages(table, resolver)) {
      if (ctx.signal.aborted) return;
      if (message.type !== 'row') {
        drifted ||= message.reason === 'SCHEMA_DRIFT';
        yield message;
        continue;
      }
      yield { type: 'record', data: { exportedAt: file.exportTime.instant, row: message.values } satisfies PeopleRecord, position: message.position };
    }
    if (drifted) applied.skip(file.key, fingerprint);
    else applied.add(file.key);
    yield { type: 'checkpoint', cursor: applied.toCursor() };
  }
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
