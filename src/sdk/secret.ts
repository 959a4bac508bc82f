import { z } from 'zod';

/** Marks a config field as a secret: shown as `"secret": true` in the JSON Schema, never logged or returned. */
export function secret<T extends z.ZodType>(schema: T, description?: string): T {
  return schema.meta({ secret: true, writeOnly: true, ...(description ? { description } : {}) }) as T;
}

/** Names of the top-level fields of an object schema that are marked secret. */
export function secretFields(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { secret?: boolean }> };
  return Object.entries(json.properties ?? {})
    .filter(([, p]) => p.secret === true)
    .map(([k]) => k);
}

/** A copy of `config` with every secret field replaced by `'***'` (for display, logs and GraphQL). */
export function redactSecrets(schema: z.ZodType, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const f of secretFields(schema)) if (out[f] !== undefined) out[f] = '***';
  return out;
}
