import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { HuijuError } from '../../errors';
import { projectRoot } from '../../project-root';
import { filesTemplate } from './files.template';
import { httpTemplate } from './http.template';
import { kafkaTemplate } from './kafka.template';
import { SCAFFOLD_KINDS, scaffoldNames, type ScaffoldFiles, type ScaffoldKind, type ScaffoldNames } from './scaffold-names';

/**
 * `huiju connectors new <id>`: writes a working connector — config schema, one stream, a
 * conformance fixture with fixtures, a README — that passes the conformance suite as generated,
 * and registers it in connectors/index.ts (or, for a folder elsewhere, says the lines to add).
 */

const TEMPLATES: Readonly<Record<ScaffoldKind, (n: ScaffoldNames) => ScaffoldFiles>> = { files: filesTemplate, http: httpTemplate, kafka: kafkaTemplate };

/** Ids no connector may take: the template's, and words that read as something else. */
const RESERVED_IDS = new Set(['template', 'index', 'hub', 'fixture']);

/** What `connectors new` is asked for. */
export interface ScaffoldOptions {
  id: string;
  kind: ScaffoldKind;
  /** The connectors folder the connector's own folder goes into. Default: `<project>/connectors`. */
  dir?: string;
  /** The project whose `src/sdk` the connector imports. Default: the project this module is part of. */
  projectRoot?: string;
  /** Ids already installed (their connectors' `id`). */
  takenIds?: readonly string[];
}

/** The lines that register a connector in connectors/index.ts. */
export interface Registration {
  file: string;
  importLine: string;
  entryLine: string;
  /** True when the lines were inserted into `file`; false when they are to be added by hand. */
  registered: boolean;
}

export interface ScaffoldResult {
  folder: string;
  /** Paths written, relative to `folder`. */
  files: string[];
  registration: Registration;
}

/** The root of the project this module belongs to (where its package.json is), from src/ or dist/. */
export function projectRootOf(): string {
  return projectRoot(import.meta.url);
}

/** Throws `BAD_USER_INPUT` naming what is wrong with a connector id. */
export function validateConnectorId(id: string, taken: readonly string[] = []): void {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    throw new HuijuError('BAD_USER_INPUT', `connector id "${id}" must be kebab-case: lower-case letters and digits in words joined by single "-", starting with a letter (e.g. volunteer-hours)`);
  }
  if (id.length > 48) throw new HuijuError('BAD_USER_INPUT', `connector id "${id}" is longer than 48 characters`);
  if (RESERVED_IDS.has(id)) throw new HuijuError('BAD_USER_INPUT', `connector id "${id}" is reserved; choose another`);
  if (taken.includes(id)) throw new HuijuError('BAD_USER_INPUT', `connector id "${id}" is taken by an installed connector (${[...taken].sort().join(', ')})`);
}

/** The registration lines for a connector whose folder is `modulePath` from connectors/index.ts (`./volunteer-hours`). */
export function registrationLines(n: ScaffoldNames, modulePath = `./${n.id}`): { importLine: string; entryLine: string } {
  return {
    importLine: `import { ${n.camel}Connector } from '${modulePath}/index';`,
    entryLine: `  { connector: ${n.camel}Connector, conformance: async () => (await import('${modulePath}/conformance')).conformance },`,
  };
}

/**
 * connectors/index.ts with the connector's import after the last connector import and its entry
 * at the end of `INSTALLED_CONNECTORS` — a targeted insertion, the rest of the file as it is.
 * `null` when the file does not have the expected shape (the caller then prints the lines).
 */
export function insertRegistration(source: string, lines: { importLine: string; entryLine: string }): string | null {
  if (source.includes(lines.importLine)) return source;
  const rows = source.split('\n');
  let lastImport = -1;
  for (let i = 0; i < rows.length; i++) if (/^import \{ \w+Connector \} from '\.\/[^']+\/index';$/.test(rows[i]!)) lastImport = i;
  const start = rows.findIndex((r) => r.startsWith('export const INSTALLED_CONNECTORS'));
  if (lastImport < 0 || start < 0) return null;
  let end = -1;
  for (let i = start; i < rows.length; i++) {
    if (rows[i] === '];') {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  rows.splice(end, 0, lines.entryLine);
  rows.splice(lastImport + 1, 0, lines.importLine);
  return rows.join('\n');
}

/** Writes the connector and registers it. Refuses an invalid or taken id and an existing folder. */
export async function scaffoldConnector(options: ScaffoldOptions): Promise<ScaffoldResult> {
  if (!SCAFFOLD_KINDS.includes(options.kind)) throw new HuijuError('BAD_USER_INPUT', `--kind must be one of ${SCAFFOLD_KINDS.join(', ')} (got "${options.kind}")`);
  validateConnectorId(options.id, options.takenIds);
  const root = resolve(options.projectRoot ?? projectRootOf());
  const projectConnectors = join(root, 'connectors');
  const dir = resolve(options.dir ?? projectConnectors);
  if (!existsSync(dir)) throw new HuijuError('BAD_USER_INPUT', `--dir ${dir} does not exist`);
  const folder = join(dir, options.id);
  if (existsSync(folder)) throw new HuijuError('BAD_USER_INPUT', `${folder} exists already: choose another id or remove it`);
  const sdk = relative(folder, join(root, 'src', 'sdk')).split(sep).join('/');
  const names = scaffoldNames(options.id, sdk.startsWith('.') ? sdk : `./${sdk}`);
  const files = TEMPLATES[options.kind](names);

  await mkdir(folder);
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), text, { flag: 'wx' });
    }
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }

  const index = join(projectConnectors, 'index.ts');
  const modulePath = relative(projectConnectors, folder).split(sep).join('/');
  const lines = registrationLines(names, modulePath.startsWith('.') ? modulePath : `./${modulePath}`);
  let registered = false;
  // only the project's own list is edited; a folder elsewhere gets the lines printed
  if (dir === projectConnectors && existsSync(index)) {
    const next = insertRegistration(await readFile(index, 'utf8'), lines);
    if (next !== null) {
      await writeFile(index, next);
      registered = true;
    }
  }
  return { folder, files: Object.keys(files).sort(), registration: { file: index, ...lines, registered } };
}
