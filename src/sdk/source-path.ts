import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ConnectorError } from './connector-error';
import type { ConnectorContext } from './connector';

/** What a path setting names: a `folder` (an export folder) or a `file`. */
export type SourcePathKind = 'file' | 'folder';

/**
 * Marks a config field as a file or folder path (`path`, `file`, `dir`): shown as
 * `"sourcePath": true` (or the `kind`, `"folder"` / `"file"`) in the JSON Schema. The hub resolves
 * such a field against the config folder at start and refuses the source when it escapes that
 * folder (see {@link resolveSourcePath}); before a source is checked or synced it says which
 * such path is missing, by its key (see {@link sourcePathProblems}). `kind` names what the path
 * must be; default: either.
 */
export function sourcePath<T extends z.ZodType>(schema: T, description?: string, options: { kind?: SourcePathKind } = {}): T {
  return schema.meta({ sourcePath: options.kind ?? true, ...(description ? { description } : {}) }) as T;
}

/** The top-level fields of an object schema marked with {@link sourcePath}, with the kind each names (`null`: either). */
export function sourcePathSpecs(schema: z.ZodType): { field: string; kind: SourcePathKind | null }[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { sourcePath?: boolean | SourcePathKind }> };
  return Object.entries(json.properties ?? {}).flatMap(([field, p]): { field: string; kind: SourcePathKind | null }[] =>
    p.sourcePath === true ? [{ field, kind: null }] : p.sourcePath === 'file' || p.sourcePath === 'folder' ? [{ field, kind: p.sourcePath }] : [],
  );
}

/** Names of the top-level fields of an object schema that are marked with {@link sourcePath}. */
export function sourcePathFields(schema: z.ZodType): string[] {
  return sourcePathSpecs(schema).map((s) => s.field);
}

/**
 * Why the path a setting names cannot be used, named by its key, or `null` when it is there and
 * of the right kind: `sources[street-a].config.path: folder /x/y does not exist`, `… is a file,
 * not a folder`. `absolute` is the resolved path ({@link resolveSourcePath}).
 */
export function sourcePathProblem(sourceId: string, field: string, absolute: string, kind: SourcePathKind | null): string | null {
  const key = `sources[${sourceId}].config.${field}`;
  const what = kind ?? 'path';
  let isFolder: boolean;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${key}: ${what} ${absolute} does not exist`;
    return `${key}: ${what} ${absolute} cannot be read (${code ?? (err as Error).message})`;
  }
  if (kind === 'folder' && !isFolder) return `${key}: ${absolute} is a file, not a folder`;
  if (kind === 'file' && isFolder) return `${key}: ${absolute} is a folder, not a file`;
  return null;
}

/**
 * Every path setting of a source's config ({@link sourcePath} fields) that is missing or of the
 * wrong kind, one line each named by its key. The hub runs it before a source's `check` and
 * before `connectors sync`, for every connector, so a missing export folder is told as
 * `sources[street-a].config.path: folder /x/y does not exist`, never as a bare `ENOENT`.
 */
export function sourcePathProblems(
  ctx: Pick<ConnectorContext<unknown>, 'sourceId' | 'baseDir' | 'allowPathsOutside'>,
  schema: z.ZodType,
  config: Readonly<Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  for (const { field, kind } of sourcePathSpecs(schema)) {
    const value = config[field];
    if (typeof value !== 'string') continue;
    const problem = sourcePathProblem(ctx.sourceId, field, confineSourcePath(ctx, field, value), kind);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Throws a `config` {@link ConnectorError} `PATH_NOT_FOUND` naming every path setting of the
 * source that is missing or of the wrong kind ({@link sourcePathProblems}). The sync runners call
 * it before a stream reads — also when no check ran first (a scheduled sync, `--no-check`) — so a
 * missing export folder fails the run as `sources[street-a].config.path: folder /x/y does not
 * exist`, naming the key to fix.
 */
export function assertSourcePaths(ctx: Pick<ConnectorContext<unknown>, 'sourceId' | 'baseDir' | 'allowPathsOutside'>, schema: z.ZodType, config: Readonly<Record<string, unknown>>): void {
  const problems = sourcePathProblems(ctx, schema, config);
  if (problems.length > 0) throw new ConnectorError('config', 'PATH_NOT_FOUND', problems.join('; '), { details: { source: ctx.sourceId } });
}

/**
 * {@link resolveSourcePath}, and the path must be there (and be a `kind` when given): otherwise a
 * `config` {@link ConnectorError} `PATH_NOT_FOUND` whose message names the key
 * (`sources[street-a].config.path: folder /x/y does not exist`). For a connector's `check` and
 * `read`, instead of letting `stat`/`readdir` fail with `ENOENT`.
 */
export function requireSourcePath(ctx: Pick<ConnectorContext<unknown>, 'sourceId' | 'baseDir' | 'allowPathsOutside'>, field: string, value: string, kind: SourcePathKind | null = null): string {
  const absolute = confineSourcePath(ctx, field, value);
  const problem = sourcePathProblem(ctx.sourceId, field, absolute, kind);
  if (problem) throw new ConnectorError('config', 'PATH_NOT_FOUND', problem, { details: { field: `sources.${ctx.sourceId}.config.${field}`, path: absolute } });
  return absolute;
}

/** What {@link confineSourcePath} needs: the source, its base folder and whether it may leave it. */
export interface SourcePathScope {
  /** The configured source id, for the error message (`sources[<id>].config.<field>`). */
  readonly sourceId: string;
  /** Folder relative paths resolve against and absolute ones must stay inside (the config folder). */
  readonly baseDir: string;
  /** The source's `allowPathsOutside`. Default `false`: paths stay inside `baseDir`. */
  readonly allowPathsOutside?: boolean | undefined;
}

/**
 * Resolves a configured path (`field` of the source's config) against the config folder and
 * returns it as an absolute path. Unless the source sets `allowPathsOutside: true`, a path that
 * leaves the folder — absolute (`/etc/passwd`), through `..`, or through a symlink (the deepest
 * existing part is resolved with realpath) — is refused with a `config` {@link ConnectorError}
 * (`CONFIG_INVALID`) naming the field: a source must not turn any file the hub can read into
 * records and dead letters. The path returned is the configured one made absolute, not the
 * realpath (so messages and positions show what the operator wrote).
 */
export function confineSourcePath(scope: SourcePathScope, field: string, value: string): string {
  const absolute = resolve(scope.baseDir, value);
  if (scope.allowPathsOutside) return absolute;
  const base = realpathOfExisting(resolve(scope.baseDir));
  const target = realpathOfExisting(absolute);
  if (target === base || target.startsWith(base.endsWith(sep) ? base : base + sep)) return absolute;
  const shown = target === absolute ? absolute : `${absolute} → ${target}`;
  throw new ConnectorError(
    'config',
    'CONFIG_INVALID',
    `sources[${scope.sourceId}].config.${field}: resolves outside the config folder (${shown}); set allowPathsOutside: true on the source to allow it`,
    { details: { field: `sources.${scope.sourceId}.config.${field}`, baseDir: base } },
  );
}

/**
 * {@link confineSourcePath} for a connector: `resolveSourcePath(ctx, 'path', ctx.config.path)`.
 * Connectors resolve every path of their config through it, never with `path.resolve` themselves.
 */
export function resolveSourcePath(ctx: Pick<ConnectorContext<unknown>, 'sourceId' | 'baseDir' | 'allowPathsOutside'>, field: string, value: string): string {
  return confineSourcePath(ctx, field, value);
}

/** The realpath of `path`, or of its deepest existing ancestor with the rest appended (a file not yet there). */
function realpathOfExisting(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}
