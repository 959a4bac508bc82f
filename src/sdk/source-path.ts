import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ConnectorError } from './connector-error';
import type { ConnectorContext } from './connector';

/**
 * Marks a config field as a file or folder path (`path`, `file`, `dir`): shown as
 * `"sourcePath": true` in the JSON Schema. The hub resolves such a field against the config
 * folder at start and refuses the source when it escapes that folder (see {@link resolveSourcePath}).
 */
export function sourcePath<T extends z.ZodType>(schema: T, description?: string): T {
  return schema.meta({ sourcePath: true, ...(description ? { description } : {}) }) as T;
}

/** Names of the top-level fields of an object schema that are marked with {@link sourcePath}. */
export function sourcePathFields(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { sourcePath?: boolean }> };
  return Object.entries(json.properties ?? {})
    .filter(([, p]) => p.sourcePath === true)
    .map(([k]) => k);
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
