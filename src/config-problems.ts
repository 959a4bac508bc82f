import type { z } from 'zod';

/**
 * How configuration problems are told: one line per problem, named by the key that holds it, and
 * for a misspelt key the key it was probably meant to be. Shared by the hub's own config
 * (src/config.ts) and every source's connector config (src/ingest/sync/resolve-source.ts), so one
 * message can list every problem of the file at once.
 */

/** `prefix` + a zod issue path as a config key, dot-separated: `server.port`, `sources[x].config.path`, `kafka.brokers.0`. */
export function configKey(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter((part) => part !== '').join('.');
}

/** Edit distance (insert, delete, substitute, swap of neighbours) between two short keys. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known key `unknown` was most likely meant to be (close enough to be a typo), or null. */
export function didYouMean(unknown: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const dist = distance(unknown, k);
    if (dist < bestDistance) [best, bestDistance] = [k, dist];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(Math.min(unknown.length, best.length) / 3)) ? best : null;
}

// biome-ignore lint: zod schemas of any shape are walked
type AnySchema = z.ZodType<any>;

/** The schema inside optional/default/nullable/pipe wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  // biome-ignore lint: zod's internal definition differs per schema kind
  let s: any = schema;
  for (let i = 0; i < 10 && s?.def; i++) {
    if (s.def.innerType) s = s.def.innerType;
    else if (s.def.type === 'pipe' && s.def.in) s = s.def.in;
    else break;
  }
  return s;
}

/**
 * The keys of the object schema at `path` inside `schema` (records, arrays and unions are followed
 * where they can be), or []. A union is followed into the option the input chose — by the
 * discriminator's value when `input` (the value parsed) is given and the union has one — else
 * into every option, whose keys are then all known.
 */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[], input?: unknown): string[] {
  return keysAt(unwrap(schema), path, input);
}

// biome-ignore lint: zod's internal definition differs per schema kind
function keysAt(s: any, path: readonly PropertyKey[], input: unknown): string[] {
  if (s?.def?.type === 'union') {
    const options: AnySchema[] = s.def.options;
    const chosen = chosenOption(s, input);
    const keys = (chosen ? [chosen] : options).flatMap((o) => keysAt(unwrap(o), path, input));
    return [...new Set(keys)];
  }
  if (path.length === 0) return s?.def?.type === 'object' ? Object.keys(s.def.shape) : [];
  if (!s?.def) return [];
  const [part, ...rest] = path;
  const inner = (input as Record<PropertyKey, unknown> | null | undefined)?.[part as string];
  let next: AnySchema | undefined;
  if (s.def.type === 'object') next = s.def.shape[part as string];
  else if (s.def.type === 'array') next = s.def.element;
  else if (s.def.type === 'record') next = s.def.valueType;
  return next ? keysAt(unwrap(next), rest, inner) : [];
}

/** The option of a discriminated union the input's discriminator names, or undefined. */
// biome-ignore lint: zod's internal definition differs per schema kind
function chosenOption(union: any, input: unknown): AnySchema | undefined {
  const key: string | undefined = union.def.discriminator;
  if (!key || !input || typeof input !== 'object') return undefined;
  const value = (input as Record<string, unknown>)[key];
  return (union.def.options as AnySchema[]).find((o) => {
    // biome-ignore lint: zod's internal definition differs per schema kind
    const option: any = unwrap(o);
    // biome-ignore lint: zod's internal definition differs per schema kind
    const literal: any = option?.def?.shape?.[key] ? unwrap(option.def.shape[key]) : undefined;
    const values: unknown[] | undefined = literal?.def?.values;
    return values?.includes(value) ?? false;
  });
}

/** One line per problem of a failed parse of `schema`, every key named from `prefix`. */
export function describeConfigIssues(schema: AnySchema, issues: readonly z.core.$ZodIssue[], prefix: string, where: (key: string) => string = (k) => k): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `did you mean "${suggestion}"?` : known.length > 0 ? `known keys: ${known.join(', ')}` : 'no keys are allowed here';
        lines.push(`${where(configKey(prefix, [...issue.path, key]))}: unknown key — ${hint}`);
      }
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      // zod's "Invalid input: expected string, received undefined" for a key that is simply not there
      lines.push(`${where(configKey(prefix, issue.path) || '(root)')}: missing (${issue.expected} required)`);
    } else {
      lines.push(`${where(configKey(prefix, issue.path) || '(root)')}: ${issue.message}`);
    }
  }
  return lines;
}

/** Every object schema inside `schema` that accepts keys it does not know (for a test: configs are strict at every level). */
export function lenientObjectsIn(schema: AnySchema, path = ''): string[] {
  // biome-ignore lint: zod's internal definition differs per schema kind
  const s: any = unwrap(schema);
  const type = s?.def?.type;
  if (type === 'object') {
    const own = s.def.catchall?.def?.type === 'never' ? [] : [path || '(root)'];
    return [...own, ...Object.entries(s.def.shape).flatMap(([k, v]) => lenientObjectsIn(v as AnySchema, path ? `${path}.${k}` : k))];
  }
  if (type === 'array') return lenientObjectsIn(s.def.element, `${path}[]`);
  if (type === 'record') return lenientObjectsIn(s.def.valueType, `${path}.*`);
  if (type === 'union') return (s.def.options as AnySchema[]).flatMap((o) => lenientObjectsIn(o, path));
  return [];
}
