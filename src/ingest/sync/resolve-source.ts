import type { HuijuConfig } from '../../config';
import { describeConfigIssues, didYouMean } from '../../config-problems';
import { HuijuError } from '../../errors';
import type { ConnectorDefinition } from '../../sdk/connector';
import { redactSecrets } from '../../sdk/secret';
import { confineSourcePath, sourcePathFields } from '../../sdk/source-path';

/** A configured source, its connector found and its config validated. */
export interface ResolvedSource {
  id: string;
  connector: ConnectorDefinition;
  /** The config after the connector's schema (defaults applied, `${ENV}` references filled in). */
  config: unknown;
  /** The same with secrets replaced by `***`: safe to print and to return over GraphQL. */
  displayConfig: Record<string, unknown>;
  /** Interval in milliseconds for scheduled syncs, or `null` (on demand only). */
  scheduleMs: number | null;
  /** Folder relative paths resolve against. */
  baseDir: string;
  /** Paths of the config may leave `baseDir` (the source's `allowPathsOutside`). Default `false`. */
  allowPathsOutside?: boolean;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Finds every configured source's connector in the installed list and validates its config.
 * Fails with `CONFIG_INVALID` naming `sources[<id>].config.<field>` — at start, before anything runs.
 * That includes a path field (marked with `sourcePath`) resolving outside the config folder,
 * unless the source sets `allowPathsOutside: true`.
 */
export function resolveSources(config: HuijuConfig, installed: readonly ConnectorDefinition[], env: NodeJS.ProcessEnv = process.env): ResolvedSource[] {
  const byId = new Map(installed.map((c) => [c.id, c]));
  // every problem of every source is collected, so one message lists them all
  const problems: string[] = [];
  const fields: string[] = [];
  const resolved = config.sources.map((source): ResolvedSource | null => {
    const key = `sources[${source.id}]`;
    const connector = byId.get(source.connector);
    if (!connector) {
      const suggestion = didYouMean(source.connector, [...byId.keys()]);
      problems.push(`${key}.connector: unknown connector "${source.connector}" — ${suggestion ? `did you mean "${suggestion}"? ` : ''}(installed: ${[...byId.keys()].join(', ')})`);
      fields.push(`sources.${source.id}.connector`);
      return null;
    }
    const missingEnv: string[] = [];
    const withEnv = fillEnv(source.config, env, `${key}.config`, missingEnv);
    if (missingEnv.length > 0) {
      problems.push(...missingEnv);
      fields.push(`sources.${source.id}.config`);
      return null;
    }
    const parsed = connector.config.safeParse(withEnv);
    if (!parsed.success) {
      problems.push(...describeConfigIssues(connector.config, parsed.error.issues, `${key}.config`));
      fields.push(`sources.${source.id}.config`);
      return null;
    }
    const baseDir = config.baseDir ?? process.cwd();
    const scope = { sourceId: source.id, baseDir, allowPathsOutside: source.allowPathsOutside };
    for (const field of sourcePathFields(connector.config)) {
      const value = (parsed.data as Record<string, unknown>)[field];
      if (typeof value === 'string') confineSourcePath(scope, field, value);
    }
    const m = source.schedule ? /^(\d+)([smhd])$/.exec(source.schedule) : null;
    return {
      id: source.id,
      connector,
      config: parsed.data,
      displayConfig: redactSecrets(connector.config, parsed.data as Record<string, unknown>),
      scheduleMs: m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null,
      baseDir,
      allowPathsOutside: source.allowPathsOutside,
    };
  });
  if (problems.length > 0) {
    const message = problems.length === 1 ? problems[0]! : `Invalid source configuration:\n  - ${problems.join('\n  - ')}`;
    throw new HuijuError('CONFIG_INVALID', message, { field: fields[0], fields });
  }
  return resolved as ResolvedSource[];
}

/**
 * Replaces `${NAME}` in string values with the environment variable, so secrets stay out of files.
 * A variable that is not set is a problem named by its key, added to `missing`.
 */
function fillEnv(value: unknown, env: NodeJS.ProcessEnv, path: string, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) {
        missing.push(`${path}: environment variable ${name} is not set`);
        return '';
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fillEnv(v, env, `${path}[${i}]`, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillEnv(v, env, `${path}.${k}`, missing)]));
  }
  return value;
}
