import { z } from 'zod';
import type { CanonicalEntity } from '../canonical-change';
import { PERSONAL_FIELD_KINDS } from '../personal-fields';

/**
 * The connector manifest: a REST/JSON source described in YAML (see README.md in this folder).
 * This zod schema is the one definition: the loader validates with it, and
 * `schema/connector-manifest.schema.json` (editor completion) is generated from it
 * (`writeManifestJsonSchema`, checked by a test). Every object is strict: a misspelt key is a problem.
 *
 * Settings (`http`, `auth`, `pagination`, `query`, `incremental.startFrom`, `check`) may refer to
 * the source's config: `"{{config.baseUrl}}"`. A value that is only a reference keeps the config
 * value's type (a number stays a number); inside other text it is put in as text.
 */

/** Every canonical entity a change may name (checked against `CanonicalEntity` at compile time). */
export const CANONICAL_ENTITIES = [
  'adminArea',
  'grid',
  'organization',
  'propertyProject',
  'building',
  'dwelling',
  'household',
  'person',
  'residency',
  'partyOrg',
  'partyMember',
  'allianceMember',
  'contactAssignment',
  'staffRole',
  'dutyItem',
  'case',
  'activity',
] as const satisfies readonly CanonicalEntity[];
/** Fails to compile when an entity is added to the canonical model but not here. */
type MissingEntity = Exclude<CanonicalEntity, (typeof CANONICAL_ENTITIES)[number]>;
const everyEntityListed: MissingEntity extends never ? true : never = true;
void everyEntityListed;

/** An expression of the mapping language (manifest-expression.ts); checked when the manifest is compiled. */
const expression = z.unknown().describe('Mapping expression: "$.field.path", "@.item.field", "$variable", a constant, or { fn | if | switch | each | distinct | const | object }');

/** A setting: a constant or a text with `{{config.<field>}}` references. */
const setting = z.union([z.string(), z.number(), z.boolean()]).describe('A constant, or text with {{config.<field>}} references');
const settingText = z.string().min(1).describe('Text, may hold {{config.<field>}} references');

const kebab = z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case: lower-case letters, digits and -');

/** One field of the source's config, as a source in huiju.config.yaml gives it. */
export const manifestConfigFieldSchema = z
  .object({
    type: z.enum(['string', 'url', 'integer', 'number', 'boolean', 'datetime']).describe('Value type; url is http(s), datetime is ISO-8601 with an offset'),
    description: z.string().min(1).describe('What the field is, shown by `connectors discover`'),
    secret: z.boolean().default(false).describe('A credential: never logged, shown as ***; give it from an environment variable in huiju.config.yaml. Default false'),
    required: z.boolean().default(false).describe('The source must give it. Default false (optional)'),
    default: z.union([z.string(), z.number(), z.boolean()]).optional().describe('Value when the source leaves it out'),
    min: z.number().optional().describe('Smallest number (integer, number)'),
    max: z.number().optional().describe('Largest number (integer, number)'),
  })
  .strict();

const configRuleSchema = z.union([
  z.object({ together: z.array(z.string()).min(2).describe('These fields are given all or none'), message: z.string().optional() }).strict(),
  z.object({ anyOf: z.array(z.string()).min(1).describe('At least one of these fields is given'), message: z.string().optional() }).strict(),
]);

const retrySchema = z
  .object({
    maxRetries: setting.optional().describe('Retries after timeouts, connection errors, 429 and 5xx. Default 5'),
    baseDelayMs: setting.optional().describe('First backoff (ms), doubling with jitter. Default 1000'),
    maxDelayMs: setting.optional().describe('Largest backoff (ms). Default 30000'),
    maxRetryAfterMs: setting.optional().describe('Longest Retry-After waited (ms); longer fails transient. Default 120000'),
  })
  .strict();

/** The HTTP client (src/sdk/transports/http): where, how long, how often. */
const httpSchema = z
  .object({
    baseUrl: settingText.describe('Base URL request paths resolve under'),
    sourceName: z.string().min(1).optional().describe('How messages name the source. Default: the displayName'),
    headers: z.record(z.string(), settingText).optional().describe('Headers sent with every request (no secrets: use auth)'),
    timeoutMs: setting.optional().describe('Time limit of one attempt (ms). Default 15000'),
    deadlineMs: setting.optional().describe('Time limit of a request with its retries (ms). Default 50000'),
    maxResponseBytes: setting.optional().describe('Largest response body (bytes). Default 64 MiB'),
    retry: retrySchema.optional(),
    requestsPerSecond: setting.optional().describe('Rate limit: most page requests a second in one stream read (spaced evenly). Default: none (429 Retry-After is always honoured)'),
  })
  .strict();

/** How requests authenticate. */
export const manifestAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('bearer'), token: settingText.describe('The bearer token, usually {{config.token}}') }).strict(),
  z
    .object({
      type: z.literal('api-key'),
      header: z.string().min(1).describe('Header name, e.g. X-API-Key'),
      value: settingText.describe('The key, usually {{config.apiKey}}'),
      prefix: z.string().optional().describe('Put before the key (e.g. "Token "). Default none'),
    })
    .strict(),
  z.object({ type: z.literal('basic'), username: settingText, password: settingText }).strict(),
  z
    .object({
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: settingText.describe('Token endpoint, a path under baseUrl or an absolute URL'),
      clientId: settingText.optional().describe('Client id; without it (or its secret) `token` is used as it is'),
      clientSecret: settingText.optional(),
      token: settingText.optional().describe('A token to start with (optional)'),
    })
    .strict(),
]);

/** How a stream's pages follow each other. */
export const manifestPaginationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('cursor'),
      cursorParam: z.string().min(1).default('cursor').describe('Query parameter of the cursor. Default cursor'),
      nextCursorPath: z.string().min(1).describe('Field path of the next cursor in the body (next_cursor, meta.next); empty or null on the last page'),
    })
    .strict(),
  z
    .object({
      type: z.literal('page-number'),
      pageParam: z.string().min(1).default('page').describe('Query parameter of the page number. Default page'),
      startPage: z.number().int().min(0).default(1).describe('Number of the first page. Default 1'),
      sizeParam: z.string().min(1).optional().describe('Query parameter of the page size, when the source takes one'),
      pageSize: setting.describe('Records per page; a shorter page is the last'),
    })
    .strict(),
  z
    .object({
      type: z.literal('offset'),
      offsetParam: z.string().min(1).default('offset').describe('Query parameter of the offset. Default offset'),
      limitParam: z.string().min(1).default('limit').describe('Query parameter of the limit. Default limit'),
      limit: setting.describe('Records per page; a shorter page is the last'),
    })
    .strict(),
  z.object({ type: z.literal('link-header') }).strict().describe('Follows the Link header rel="next" URL (RFC 8288, GitHub style) until there is none'),
]);

/** Incremental reading by an update time (src/sdk/transports/http/incremental-position.ts). */
const incrementalSchema = z
  .object({
    cursorField: z.string().min(1).describe('Field of the update time (ISO-8601) records are ordered and filtered by'),
    requestParam: z.string().min(1).optional().describe('Query parameter asking for records updated at or after the cursor (updated_since); without it every run reads everything and drops what it read'),
    startFrom: settingText.optional().describe('First run only: start here, usually {{config.startFrom}}'),
  })
  .strict();

/** One canonical change a record yields. */
const changeSchema = z
  .object({
    entity: z.enum(CANONICAL_ENTITIES).describe('Canonical entity (see connectors/README.md)'),
    reference: z.boolean().default(false).describe('Only referred to: written when missing or changed, no lineage (reference()). Default false'),
    each: expression.optional().describe('One change per item of this list (the item is @, or $<as>)'),
    as: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('Name of the each item'),
    where: expression.optional().describe('Only when this is truthy'),
    data: expression.describe('The change data: an object of expressions'),
  })
  .strict();

const personalFieldsSchema = z.object(Object.fromEntries(PERSONAL_FIELD_KINDS.map((k) => [k, z.array(z.string().min(1)).optional()]))).strict();

const streamDefaultsSchema = z
  .object({
    recordPath: z.string().optional().describe('Field path of the record list in a page body ("" for a body that is the list). Default data'),
    query: z.record(z.string(), setting).optional().describe('Query parameters of every page request'),
    pagination: manifestPaginationSchema.optional(),
    incremental: incrementalSchema.optional(),
  })
  .strict();

/** One stream: a list endpoint and how its records become canonical changes. */
export const manifestStreamSchema = streamDefaultsSchema
  .extend({
    name: kebab.describe('Stream name (kebab-case, unique); cursors and lineage carry it'),
    description: z.string().min(1),
    path: settingText.describe('Request path under baseUrl (v1/cases)'),
    primaryKey: z.array(z.string().min(1)).min(1).describe("Field paths of the record's key in the stream (never a raw ID number)"),
    personalFields: personalFieldsSchema.describe('Where records hold personal information, by kind ({} when none): see connectors/README.md'),
    let: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), expression).optional().describe('Named values computed once per record, in order ($name)'),
    checks: z
      .array(z.object({ if: expression.describe('Dead-letters the record when truthy'), reason: z.string().regex(/^[A-Z][A-Z0-9_]*$/), message: z.string().min(1) }).strict())
      .optional()
      .describe('Rejections run before the changes are built, in order'),
    changes: z.array(changeSchema).min(1).describe('The canonical changes of one record, in order'),
  })
  .strict();

/** `check()`: one cheap request that must succeed. */
const checkSchema = z
  .object({
    path: settingText.describe('Request path, e.g. v1/cases'),
    query: z.record(z.string(), setting).optional(),
    maxRetries: z.number().int().min(0).default(2).describe('Retries of the check request. Default 2'),
    timeoutMs: z.number().int().min(100).default(10_000).describe('Time limit of one check attempt (ms). Default 10000'),
  })
  .strict();

/** The whole manifest. */
export const connectorManifestSchema = z
  .object({
    $schema: z.string().optional().describe('Path of schema/connector-manifest.schema.json, for editors'),
    manifestVersion: z.literal(1).describe('Manifest format version: 1'),
    id: kebab.describe('Connector id (kebab-case)'),
    version: z.string().min(1).describe('Version of this manifest (semver)'),
    displayName: z.string().min(1),
    description: z.string().min(1),
    config: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), manifestConfigFieldSchema).describe("The source's config fields (camelCase), validated before anything runs"),
    configRules: z.array(configRuleSchema).optional().describe('Rules across config fields'),
    http: httpSchema,
    auth: manifestAuthSchema.default({ type: 'none' }),
    check: checkSchema.describe('The request check() sends'),
    defaults: streamDefaultsSchema.optional().describe("Settings every stream takes unless it gives its own"),
    streams: z.array(manifestStreamSchema).min(1),
  })
  .strict();

/** A validated manifest (defaults filled in). */
export type ConnectorManifest = z.output<typeof connectorManifestSchema>;
export type ManifestStream = z.output<typeof manifestStreamSchema>;
export type ManifestPagination = z.output<typeof manifestPaginationSchema>;
export type ManifestAuth = z.output<typeof manifestAuthSchema>;
export type ManifestConfigField = z.output<typeof manifestConfigFieldSchema>;

/** The manifest's JSON Schema (draft 2020-12), as written to schema/connector-manifest.schema.json. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(connectorManifestSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    $id: 'https://huiju.dev/schema/connector-manifest.schema.json',
    title: 'Huiju connector manifest',
  };
}
