import { z } from 'zod';

/** Marks a config field as a secret: shown as `"secret": true` in the JSON Schema, never logged or returned. */
export function secret<T extends z.ZodType>(schema: T, description?: string): T {
  return schema.meta({ secret: true, writeOnly: true, ...(description ? { description } : {}) }) as T;
}

interface JsonSchemaNode {
  secret?: boolean;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

/** Names of the top-level fields of an object schema that are marked secret. */
export function secretFields(schema: z.ZodType): string[] {
  return secretPaths(schema)
    .filter((p) => p.length === 1)
    .map((p) => p[0]!);
}

/**
 * Paths of every field marked secret, nested objects included (`[['token'], ['sasl', 'password']]`),
 * so a secret inside a settings object (`sasl.password`) is redacted like a top-level one.
 */
export function secretPaths(schema: z.ZodType): string[][] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const out: string[][] = [];
  const walk = (node: JsonSchemaNode, path: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (child.secret === true) out.push([...path, key]);
      else walk(child, [...path, key]);
    }
    for (const alt of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(alt, path);
  };
  walk(json, []);
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(p.join('.')) && Boolean(seen.add(p.join('.'))));
}

/** A copy of `config` with every secret field (nested ones too) replaced by `'***'` (for display, logs and GraphQL). */
export function redactSecrets(schema: z.ZodType, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const path of secretPaths(schema)) redactPath(out, path);
  return out;
}

/** Replaces the value at `path` in `node` (copying the objects on the way, never the caller's). */
function redactPath(node: Record<string, unknown>, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || node[head] === undefined) return;
  if (rest.length === 0) {
    node[head] = '***';
    return;
  }
  const child = node[head];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) return;
  const copy = { ...(child as Record<string, unknown>) };
  node[head] = copy;
  redactPath(copy, rest);
}
