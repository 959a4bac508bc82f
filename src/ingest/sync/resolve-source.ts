import type { HuijuConfig } from '../../config';
import { describeConfigIssues, didYouMean } from '../../config-problems';
import { HuijuError } from '../../errors';
import type { ConnectorDefinition } from '../../sdk/connector';
import { isConnectorError } from '../../sdk/connector-error';
import { MANIFEST_CONNECTOR, manifestSourceConnector } from '../../sdk/manifest/manifest-source';
import { redactSecrets } from '../../sdk/secret';
import { confineSourcePath, sourcePathFields } from '../../sdk/source-path';

/** A configured source, its connector found and its config validated. */
export interface ResolvedSource {
  id: string;
  connector: ConnectorDefinition;
  /**
   * The config after the connector's schema (defaults applied, `${ENV}` references filled in).
   * When a referenced variable is not set ({@link ResolvedSource.unsetEnv}), reading it throws
   * `CONFIG_INVALID` naming the key and the variable: such a source can be listed, not run.
   */
  config: unknown;
  /** The same with secrets replaced by `***`: safe to print and to return over GraphQL. */
  displayConfig: Record<string, unknown>;
  /** Interval in milliseconds for scheduled syncs, or `null` (on demand only). */
  scheduleMs: number | null;
  /** Folder relative paths resolve against. */
  baseDir: string;
  /** Paths of the config may leave `baseDir` (the source's `allowPathsOutside`). Default `false`. */
  allowPathsOutside?: boolean;
  /**
   * The `${ENV}` references of the config whose variable is not set, one line each naming its key
   * (`sources[x].config.token: environment variable COMMITTEE_TOKEN is not set`). Default none.
   * Secrets are resolved lazily: only a command that runs the source needs them
   * ({@link requireSourceEnv}); every other command works without them.
   */
  unsetEnv?: readonly string[];
}

/** Every problem of the configured sources, one line each, with the config keys they concern. */
export interface SourceProblems {
  problems: string[];
  fields: string[];
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Finds every configured source's connector in the installed list and validates its config.
 * Fails with one `CONFIG_INVALID` listing every problem of every source, each named by its key
 * (`sources[<id>].config.<field>`) — at start, before anything runs. That includes a path field
 * (marked with `sourcePath`) resolving outside the config folder, unless the source sets
 * `allowPathsOutside: true`. A `${ENV}` reference whose variable is not set is *not* a problem
 * here: the source resolves with {@link ResolvedSource.unsetEnv}, and only the commands that run
 * it ask for it ({@link requireSourceEnv}), so `huiju query` needs no source's secrets.
 */
export function resolveSources(config: Pick<HuijuConfig, 'sources' | 'baseDir'>, installed: readonly ConnectorDefinition[], env: NodeJS.ProcessEnv = process.env): ResolvedSource[] {
  const { resolved, problems, fields } = resolveEach(config, installed, env);
  if (problems.length > 0) {
    const message = problems.length === 1 ? problems[0]! : `Invalid source configuration:\n  - ${problems.join('\n  - ')}`;
    throw new HuijuError('CONFIG_INVALID', message, { field: fields[0], fields });
  }
  return resolved;
}

/**
 * The problems {@link resolveSources} would fail with, without failing: for `loadConfig`'s
 * `sourceProblems`, so one message lists the hub's problems and the sources' together.
 */
export function sourceProblems(config: Pick<HuijuConfig, 'sources' | 'baseDir'>, installed: readonly ConnectorDefinition[], env: NodeJS.ProcessEnv = process.env): SourceProblems {
  const { problems, fields } = resolveEach(config, installed, env);
  return { problems, fields };
}

/**
 * Fails with one `CONFIG_INVALID` when any of `sources` references an environment variable that
 * is not set, listing every one (`sources[x].config.token: environment variable COMMITTEE_TOKEN is
 * not set`). Called by the commands that run sources, for the sources they run.
 */
export function requireSourceEnv(sources: readonly ResolvedSource[], hint?: string): void {
  const missing = sources.filter((s) => (s.unsetEnv?.length ?? 0) > 0);
  if (missing.length === 0) return;
  const lines = missing.flatMap((s) => s.unsetEnv!);
  const names = missing.map((s) => s.id).join(', ');
  throw new HuijuError('CONFIG_INVALID', `${missing.length === 1 ? 'source' : 'sources'} ${names} cannot run:\n  - ${lines.join('\n  - ')}${hint ? `\n${hint}` : ''}`, {
    fields: missing.map((s) => `sources.${s.id}.config`),
  });
}

function resolveEach(config: Pick<HuijuConfig, 'sources' | 'baseDir'>, installed: readonly ConnectorDefinition[], env: NodeJS.ProcessEnv): SourceProblems & { resolved: ResolvedSource[] } {
  const byId = new Map(installed.map((c) => [c.id, c]));
  // every problem of every source is collected, so one message lists them all
  const problems: string[] = [];
  const fields: string[] = [];
  const resolved: ResolvedSource[] = [];
  for (const source of config.sources) {
    const key = `sources[${source.id}]`;
    // `connector: manifest`: the connector is the manifest file the source names (src/sdk/manifest)
    const fromManifest = source.connector === MANIFEST_CONNECTOR ? manifestSourceConnector(source, config.baseDir ?? process.cwd()) : null;
    if (fromManifest && 'problems' in fromManifest) {
      problems.push(...fromManifest.problems);
      fields.push(`sources.${source.id}.config.manifest`);
      continue;
    }
    const connector = fromManifest?.connector ?? byId.get(source.connector);
    if (!connector) {
      const suggestion = didYouMean(source.connector, [...byId.keys()]);
      problems.push(`${key}.connector: unknown connector "${source.connector}" — ${suggestion ? `did you mean "${suggestion}"? ` : ''}(installed: ${[...byId.keys()].join(', ')})`);
      fields.push(`sources.${source.id}.connector`);
      continue;
    }
    const unset: UnsetEnv[] = [];
    const withEnv = fillEnv(source.config, env, [], unset);
    const parsed = connector.config.safeParse(withEnv);
    // a setting whose variable is unset is not judged (its value is not known): the rest is
    const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !unset.some((u) => startsWith(i.path, u.path)));
    if (issues.length > 0) {
      problems.push(...describeConfigIssues(connector.config, issues, `${key}.config`));
      fields.push(`sources.${source.id}.config`);
      continue;
    }
    const baseDir = config.baseDir ?? process.cwd();
    const scope = { sourceId: source.id, baseDir, allowPathsOutside: source.allowPathsOutside };
    const value = parsed.success ? (parsed.data as Record<string, unknown>) : (withEnv as Record<string, unknown>);
    let confined = true;
    for (const field of sourcePathFields(connector.config)) {
      const path = value[field];
      if (typeof path !== 'string' || unset.some((u) => u.path[0] === field)) continue;
      try {
        confineSourcePath(scope, field, path);
      } catch (err) {
        if (!isConnectorError(err, 'config')) throw err;
        problems.push(err.message);
        fields.push(`sources.${source.id}.config.${field}`);
        confined = false;
      }
    }
    if (!confined) continue;
    const m = source.schedule ? /^(\d+)([smhd])$/.exec(source.schedule) : null;
    const base = {
      id: source.id,
      connector,
      scheduleMs: m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null,
      baseDir,
      allowPathsOutside: source.allowPathsOutside,
    };
    if (unset.length === 0 && parsed.success) {
      resolved.push({ ...base, config: parsed.data, displayConfig: redactSecrets(connector.config, parsed.data as Record<string, unknown>) });
      continue;
    }
    const unsetEnv = unset.map((u) => `${configKeyOf(`${key}.config`, u.path)}: environment variable ${u.name} is not set`);
    // the references as written (`${COMMITTEE_TOKEN}`): no value to hide, and they say what is missing
    const shown: ResolvedSource = { ...base, config: undefined, displayConfig: redactSecrets(connector.config, source.config), unsetEnv };
    Object.defineProperty(shown, 'config', {
      enumerable: false,
      get: () => requireSourceEnv([shown]),
    });
    resolved.push(shown);
  }
  return { resolved, problems, fields };
}

/** A `${NAME}` reference whose variable is not set, and the config path of the value holding it. */
interface UnsetEnv {
  name: string;
  path: readonly PropertyKey[];
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** `sources[x].config` + `['sasl', 'password']` → `sources[x].config.sasl.password`; array items as `[0]`. */
function configKeyOf(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((key, part) => (typeof part === 'number' ? `${key}[${part}]` : `${key}.${String(part)}`), prefix);
}

/**
 * Replaces `${NAME}` in string values with the environment variable, so secrets stay out of files.
 * A variable that is not set is recorded in `unset` with the path of the value that names it.
 */
function fillEnv(value: unknown, env: NodeJS.ProcessEnv, path: readonly PropertyKey[], unset: UnsetEnv[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) {
        unset.push({ name, path });
        return '';
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fillEnv(v, env, [...path, i], unset));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillEnv(v, env, [...path, k], unset)]));
  }
  return value;
}
