import { connectorIndexFile } from './index.template';
import type { ScaffoldFiles, ScaffoldNames } from './scaffold-names';
import { peopleMappingNotes, scaffoldReadme } from './readme.template';

/**
 * `--kind files`: CSV / XLSX exports of people in a folder, read with the SDK's files transport
 * (encodings, header aliases, schema drift, one cursor entry per applied file). connectors/_template
 * is this template's output for the id `template`.
 */
export function filesTemplate(n: ScaffoldNames): ScaffoldFiles {
  return {
    [`${n.id}.config.ts`]: `import { z } from 'zod';
import { sourcePath } from '${n.sdk}';

/** The \`${n.id}\` connector's settings; README.md repeats them with an example. */
export const ${n.camel}Config = z
  .object({
    /** Folder the exports (CSV, TSV, XLSX) are dropped into; relative to the config file. */
    path: sourcePath(z.string().min(1), 'folder with the CSV / XLSX exports, relative to the config file (must stay inside it unless allowPathsOutside)'),
    /** Extra header aliases: canonical header → other names the exports use. Default: none. */
    headerAliases: z.record(z.string(), z.array(z.string().min(1))).default({}).describe('extra header aliases: { "<canonical header>": ["alias", …] }'),
    /** Character set of CSV files: \`auto\` (BOM, then UTF-8, else GB18030), \`utf-8\` or \`gb18030\`. Default \`auto\`. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto').describe('character set of CSV files: auto, utf-8 or gb18030'),
  })
  .strict();

export type ${n.pascal}Config = z.infer<typeof ${n.camel}Config>;
`,
    'people.table.ts': `import type { TableSchema } from '${n.sdk}/transports/files';

/** The export's columns under their canonical headers, with the other spellings exports use. */
export const PEOPLE_TABLE: TableSchema = {
  name: '人口 people',
  columns: [
    { name: '编号', aliases: ['序号', 'id'], required: true },
    { name: '姓名', aliases: ['name'], required: true },
    { name: '公民身份号码', aliases: ['身份证号', '身份证号码', '证件号码', 'id_number'], required: true },
    { name: '联系电话', aliases: ['手机', '手机号', '电话', 'mobile'] },
    { name: '户号', aliases: ['household_no'] },
    { name: '更新时间', aliases: ['updated_at'] },
  ],
};
`,
    'people.stream.ts': `import { change, defineStream, resolveSourcePath, RecordError, type CanonicalChange, type ConnectorContext, type JsonValue, type ReadMessage } from '${n.sdk}';
import { AppliedFiles, cell, HeaderResolver, readFolderTables, readingFingerprint, requiredCell } from '${n.sdk}/transports/files';
import type { ${n.pascal}Config } from './${n.id}.config';
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
 * (\`readFolderTables\` runs the loop; this stream says what a row becomes).
 */
async function* readPeople(ctx: ConnectorContext<${n.pascal}Config>, cursor: JsonValue | null): AsyncIterable<ReadMessage> {
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

export const peopleStream = defineStream<${n.pascal}Config, PeopleRecord>({
  name: 'people',
  description: 'People and their households from CSV / XLSX exports',
  primaryKey: ['编号'],
  // where the records hold personal information (paths into the record as read() yields it)
  personalFields: { name: ['row.姓名'], idNumber: ['row.公民身份号码'], mobile: ['row.联系电话'] },
  read: readPeople,
  // the row's key in the export; never a raw ID number (lineage is no store for them)
  externalId: (r) => \`people:\${cell(r.row, '编号')}\`,
  version: (r, readAt) => cell(r.row, '更新时间') || r.exportedAt || readAt,
  map: (r) => mapPeopleRow(r),
});
`,
    'index.ts': connectorIndexFile(n, {
      kind: 'files',
      imports: ["import { stat } from 'node:fs/promises';", `import { defineConnector, isConnectorError, resolveSourcePath } from '${n.sdk}';`, `import { listFiles } from '${n.sdk}/transports/files';`],
      streamImports: ['PEOPLE_EXTENSIONS'],
      description: 'People and their households from CSV / XLSX exports in a folder',
      tryBody: `      const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
      if (!(await stat(folder)).isDirectory()) return { ok: false, kind: 'config', message: \`config.path: \${ctx.config.path} is not a folder\` };
      const files = await listFiles(folder, { extensions: PEOPLE_EXTENSIONS, followLinksOutside: ctx.allowPathsOutside ?? false });
      return { ok: true, message: \`\${files.length} export file(s) in \${ctx.config.path}\` };`,
      catchBody: `      if (isConnectorError(err, 'config')) return { ok: false, kind: 'config', message: err.message };
      return { ok: false, kind: 'config', message: \`config.path: cannot read folder \${ctx.config.path}: \${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\` };`,
    }),
    'conformance.ts': `import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '${n.sdk}/conformance';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** What one full run over fixtures/ must produce (the conformance suite checks it). */
export const conformance: ConformanceFixture = {
  // When the records refer to data another source loads (areas, grids, people), supply it here as
  // canonical changes; the suite applies them before the streams run:
  //   prerequisites: () => [change('adminArea', { code: '420102002003', name: '幸福社区', level: 'community', parentCode: '420102002' }), …],
  async setup() {
    return { config: { path: FIXTURES }, async teardown() {} };
  },
  badConfigs: [{ name: 'a folder that does not exist', config: { path: '/nonexistent/huiju-${n.id}' }, kind: 'config' }],
  expected: {
    // people_20260601.csv: p1, p2 applied; p3 bad check character; p4 no 户号
    // people_20260602.csv: p1 again in a newer version (applied); p6 invalid mobile; p7 shifted by an unquoted comma
    people: { read: 7, applied: 3, deadLetters: { INVALID_ID_CHECKSUM: 1, MISSING_FIELD: 1, INVALID_MOBILE: 1, BAD_CSV: 1 } },
  },
};
`,
    'fixtures/people_20260601.csv': `编号,姓名,身份证号,手机,户号,更新时间
p1,张三,11010519491231002X,13912345678,T-001,2026-06-01T08:00:00+08:00
p2,李四,440524188001010014,,T-001,2026-06-01T08:00:00+08:00
p3,王五,36042619910102009X,,T-002,2026-06-01T08:00:00+08:00
p4,赵六,360426199101010071,,,2026-06-01T08:00:00+08:00
`,
    'fixtures/people_20260602.csv': `编号,姓名,身份证号,手机,户号,更新时间
p1,張三,11010519491231002x,+86 139-1234-5678,T-001,2026-06-02T08:00:00+08:00
p6,孙七,420102199003070010,12345678901,T-003,2026-06-02T08:00:00+08:00
p7,周八,武汉市,江岸区,420102198506150034,,T-004,2026-06-02T08:00:00+08:00
`,
    'README.md': scaffoldReadme(n, {
      kind: 'files',
      summary: 'Reads CSV / TSV / XLSX exports of people from a folder (any character set Chinese systems write) and maps each row to a person, a household and the residency between them.',
      configRows: [
        ['path', 'string', '— (required)', 'folder with the exports, relative to the config file and inside its folder (unless the source sets `allowPathsOutside: true`)'],
        ['headerAliases', 'object', '`{}`', 'extra header spellings: `{ "公民身份号码": ["证件号"] }`'],
        ['encoding', '`auto` \\| `utf-8` \\| `gb18030`', '`auto`', 'character set of CSV files'],
      ],
      configExample: 'path: ./exports/people',
      stream: `## Stream \`people\`

Columns (canonical header ← other spellings, \`people.table.ts\`): \`编号\` (required), \`姓名\` (required),
\`公民身份号码\` ← 身份证号, 证件号码 (required), \`联系电话\` ← 手机, \`户号\`, \`更新时间\`.
Read with \`readFolderTables\` from \`src/sdk/transports/files\`:
each file is read once (the cursor lists the files applied), oldest export first.

${peopleMappingNotes('`公民身份号码`', '`姓名`, `联系电话`', '`户号`', '`更新时间`, else the export time in the file name')}`,
      deadLetters: '`SCHEMA_DRIFT` (a file missing a required column, one per file), `BAD_CSV` (a row with more cells than the header), `UNREADABLE_FILE`, `MISSING_FIELD`, and what the write path finds: `INVALID_ID_CHECKSUM`, `INVALID_ID_DATE`, `INVALID_ID_FORMAT`, `INVALID_MOBILE`, `EXCEL_PRECISION_LOST`, `MOJIBAKE`.',
      fixtures: '`people_20260601.csv` and `people_20260602.csv`: 7 rows read, 3 applied, 4 dead letters (see `conformance.ts`).',
    }),
  };
}
