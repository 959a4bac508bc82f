import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { didYouMean, knownKeysAt } from '../../config-problems';
import { HuijuError } from '../../errors';
import type { ConnectorDefinition } from '../connector';
import { compileManifest, type ManifestConfig } from './manifest-connector';
import type { ManifestPath, ManifestProblem } from './manifest-expression';
import { connectorManifestSchema, type ConnectorManifest } from './manifest.schema';

/** A problem of a manifest file, located: its YAML path and, when it can be found, the line. */
export interface LocatedManifestProblem {
  /** `streams[0].changes[2].data.kind`; `""` for the whole file. */
  path: string;
  /** 1-based line and column of the node (or of its nearest existing parent). */
  line?: number;
  column?: number;
  message: string;
}

/** What loading a manifest gives: the connector, or every problem found. */
export type ManifestLoadResult =
  | { ok: true; manifest: ConnectorManifest; connector: ConnectorDefinition<ManifestConfig> }
  | { ok: false; problems: LocatedManifestProblem[] };

/** `streams[0].changes[2].data` from a path. */
export function formatManifestPath(path: ManifestPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(p) ? `${out === '' ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`;
  return out;
}

/** The line of the node at `path`, or of its nearest existing parent. */
function locate(doc: Document, lines: LineCounter, path: ManifestPath): { line: number; col: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    const range = node && typeof node === 'object' ? node.range : undefined;
    if (range) {
      // a key's problem points at the key: find the pair in the parent map
      if (n === path.length && n > 0) {
        const parent = doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
          const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
          if (keyRange) return lines.linePos(keyRange[0]);
        }
      }
      return lines.linePos(range[0]);
    }
    if (n === 0) break;
    const parent = doc.getIn(path.slice(0, n - 1), true);
    if (!isMap(parent) && !isSeq(parent)) continue;
  }
  return undefined;
}

/**
 * Parses and checks a manifest's YAML text: YAML syntax, the schema (manifest.schema.ts, strict
 * at every level), then the compile checks (config references, expressions, functions,
 * variables, personal fields). Collects every problem with its YAML path and line; nothing is
 * thrown for a bad manifest.
 */
export function parseManifest(text: string): ManifestLoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const located = (path: ManifestPath, message: string): LocatedManifestProblem => {
    const pos = locate(doc, lines, path);
    return { path: formatManifestPath(path), ...(pos ? { line: pos.line, column: pos.col } : {}), message };
  };
  const parsed = connectorManifestSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems: LocatedManifestProblem[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(connectorManifestSchema, issue.path, doc.toJS());
        for (const key of issue.keys) {
          const suggestion = didYouMean(key, known);
          problems.push(located([...path, key], `unknown key "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : known.length > 0 ? ` (known keys: ${known.join(', ')})` : ''}`));
        }
      }
      else if (issue.code === 'invalid_union' && 'discriminator' in issue) problems.push(located([...path, String(issue.discriminator ?? 'type')], issue.message));
      else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) problems.push(located(path, `missing (${issue.expected} required)`));
      else problems.push(located(path, issue.message));
    }
    return { ok: false, problems };
  }
  const problems: ManifestProblem[] = [];
  const connector = compileManifest(parsed.data, problems);
  if (!connector) return { ok: false, problems: problems.map((p) => located(p.path, p.message)) };
  return { ok: true, manifest: parsed.data, connector };
}

/** {@link parseManifest} of a file; an unreadable file is one problem. */
export function loadManifestFile(file: string): ManifestLoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }] };
  }
  return parseManifest(text);
}

/** One line per problem: `file:line:column  path: message`. */
export function formatManifestProblems(file: string, problems: readonly LocatedManifestProblem[]): string {
  return problems.map((p) => `${file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}  ${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('\n');
}

/**
 * The connector a manifest file describes; throws `CONNECTOR_INVALID` listing every problem
 * (one per line) when the manifest is not valid.
 */
export function loadManifestConnector(file: string): ConnectorDefinition<ManifestConfig> {
  const result = loadManifestFile(file);
  if (!result.ok) throw new HuijuError('CONNECTOR_INVALID', `connector manifest ${file} is not valid:\n${formatManifestProblems(file, result.problems)}`);
  return result.connector;
}
