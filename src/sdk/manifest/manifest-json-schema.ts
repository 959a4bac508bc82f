import { manifestJsonSchema } from './manifest.schema';

/** Where the manifest's JSON Schema lives, from the project root (manifests point at it with `$schema` or a yaml-language-server comment). */
export const MANIFEST_JSON_SCHEMA_FILE = 'schema/connector-manifest.schema.json';

/**
 * The text of schema/connector-manifest.schema.json, generated from the zod schema
 * (`huiju connectors manifest-schema --write`); a test fails when the file drifts from it.
 */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
