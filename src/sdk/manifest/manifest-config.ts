import { z } from 'zod';
import { secret } from '../secret';
import { sourcePath } from '../source-path';
import type { ConnectorManifest, ManifestConfigField } from './manifest.schema';

/** The zod schema of one config field, as `discover` shows it and the hub validates it. */
function fieldSchema(field: ManifestConfigField): z.ZodType {
  let s: z.ZodType;
  switch (field.type) {
    case 'url':
      s = z.url({ protocol: /^https?$/ });
      break;
    case 'datetime':
      s = z.iso.datetime({ offset: true });
      break;
    case 'integer':
    case 'number': {
      let n = field.type === 'integer' ? z.number().int() : z.number();
      if (field.min !== undefined) n = n.min(field.min);
      if (field.max !== undefined) n = n.max(field.max);
      s = n;
      break;
    }
    case 'boolean':
      s = z.boolean();
      break;
    default:
      s = z.string().min(1);
  }
  if (field.default !== undefined) s = (s as z.ZodString).default(field.default as never);
  else if (!field.required) s = s.optional();
  return field.secret ? secret(s, field.description) : s.describe(field.description);
}

/** The config key naming the manifest file of a `connector: manifest` source. */
export const MANIFEST_FIELD = 'manifest';

/**
 * The source config schema a manifest declares: its fields (strict: an unknown key is refused)
 * and `manifest` (the file, for `connector: manifest` sources), then its `configRules` (`together`, `anyOf`), each reported at the rule's last / first field.
 */
export function manifestConfigSchema(manifest: Pick<ConnectorManifest, 'config' | 'configRules'>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = Object.fromEntries(Object.entries(manifest.config).map(([name, field]) => [name, fieldSchema(field)]));
  // a source runs a manifest by naming its file here (`connector: manifest`, manifest-source.ts)
  shape[MANIFEST_FIELD] ??= sourcePath(z.string().min(1).optional(), 'The manifest file this source runs (connector: manifest)', { kind: 'file' });
  let schema: z.ZodType<Record<string, unknown>> = z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
  for (const rule of manifest.configRules ?? []) {
    if ('together' in rule) {
      const fields = rule.together;
      schema = schema.refine((c) => new Set(fields.map((f) => c[f] === undefined)).size === 1, {
        message: rule.message ?? `${fields.join(' and ')} go together`,
        path: [fields.at(-1)!],
      });
    } else {
      const fields = rule.anyOf;
      schema = schema.refine((c) => fields.some((f) => c[f] !== undefined), {
        message: rule.message ?? `one of ${fields.join(', ')} is required`,
        path: [fields[0]!],
      });
    }
  }
  return schema;
}
