import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeConfigIssues } from './config-problems';
import { HuijuError } from './errors';
import { isCalendarDate } from './flow/work-calendar';
import { fusionIndexConfigSchema } from './governance/fusion-index/fusion-index.config-schema';
import { kafkaSaslSchema, kafkaTlsSchema, TLS_FILE_FIELDS } from './sdk/transports/kafka/kafka-security';

/** Days of the work calendar: real dates written 'YYYY-MM-DD' (China time). */
const calendarDays = z.array(z.string().refine(isCalendarDate, 'must be a date written YYYY-MM-DD'));

/** A survivorship priority list: source ids or `*` patterns, highest first, each listed once. */
const sourcePriority = z
  .array(z.string().regex(/^[a-z0-9*][a-z0-9*-]*$/, 'must be a source id or a pattern with * (a-z, 0-9, -, *)'))
  .refine((list) => new Set(list).size === list.length, 'each source or pattern may be listed once');

/**
 * All settings of the hub, validated once at start and then frozen.
 *
 * Sources, in increasing precedence: defaults → the config file (`huiju.config.json`,
 * `huiju.config.yaml` or `huiju.config.yml` in the working directory, or the file named by
 * `HUIJU_CONFIG`) → environment variables. Every field below says which environment variable
 * sets it and what its default is.
 */
export const configSchema = z
  .object({
    /** Where the embedded store (PGlite) and its generated PII key live. Env `HUIJU_DATA_DIR`. Default `./.huiju/data`. */
    dataDir: z.string().min(1).default('./.huiju/data'),
    database: z
      .object({
        /**
         * PostgreSQL connection string (`postgres://user@host:port/db`). Env `DATABASE_URL`.
         * Default: unset, which selects the embedded PGlite store in `dataDir`.
         */
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
          .optional(),
        /** Connections in the pool (PostgreSQL only). Env `DATABASE_POOL_SIZE`. Default `10`. */
        poolSize: z.coerce.number().int().min(1).max(200).default(10),
        /**
         * Named prepared `select` statements each PostgreSQL connection keeps (parsed once, planned
         * from a cache; the least recently used is deallocated beyond this many). `0` turns them off,
         * e.g. behind a pooler in transaction mode that cannot keep them. Env
         * `DATABASE_STATEMENT_CACHE`. Default `100`.
         */
        statementCache: z.coerce.number().int().min(0).max(10_000).default(100),
        /**
         * A read replica of `url` for the GraphQL API's reads (queries and their DataLoaders; a
         * mutation reads its own result from `url`), with a pool of `poolSize` of its own. Writes,
         * subscriptions, ingestion and migrations always use `url`. Needs `url`. Env
         * `DATABASE_READ_URL`. Default: unset (reads go to `url`).
         */
        readUrl: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
          .optional(),
      })
      .strict()
      .refine((d) => !d.readUrl || d.url, { message: 'a read replica needs the primary: set DATABASE_URL (database.url) too', path: ['readUrl'] })
      .default({ poolSize: 10, statementCache: 100 }),
    kafka: z
      .object({
        /** Kafka bootstrap brokers, `host:port` comma-separated. Env `KAFKA_BROKERS`. Default: unset (no Kafka; embedded ingestion). */
        brokers: z
          .array(z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'each broker must be host:port'))
          .min(1)
          .optional(),
        /** Client id the hub presents to the brokers. Env `KAFKA_CLIENT_ID`. Default `huiju`. */
        clientId: z.string().min(1).default('huiju'),
        /** Partitions of a `huiju.raw.<source>` topic when the hub creates it (the most `huiju ingest` workers that share one source). Env `KAFKA_PARTITIONS`. Default `6`. */
        partitions: z.coerce.number().int().min(1).max(1000).default(6),
        /** Consumer group of the `huiju ingest` workers (offsets in PostgreSQL are kept per group). Env `KAFKA_GROUP_ID`. Default `huiju-ingest`. */
        groupId: z.string().min(1).default('huiju-ingest'),
        /**
         * `max.message.bytes` of the `huiju.raw.<source>` and `huiju.dlq.<source>` topics the hub creates
         * (the largest record batch they take; existing topics keep theirs). Dead-letter copies stay
         * well under it (src/kafka/dlq-copy.ts). Env `KAFKA_MAX_MESSAGE_BYTES`. Default `1048588` (Kafka's).
         */
        maxMessageBytes: z.coerce.number().int().min(65_536).max(2_147_483_647).default(1_048_588),
        /**
         * This `huiju ingest` worker's stable name within its group (emulated static membership,
         * src/kafka/group-member.ts): a restarted worker with the same id removes its dead
         * predecessor from the group at once instead of waiting out the session timeout. Two workers
         * on one host must have distinct ids. Env `KAFKA_INSTANCE_ID`. Default: the host name.
         */
        instanceId: z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1–200 letters, digits or . _ : -').optional(),
        /** Consumer session timeout of `huiju ingest`, ms (the broker allows 6,000–1,800,000 by default). Env `KAFKA_SESSION_TIMEOUT_MS`. Default `10000`. */
        sessionTimeoutMs: z.coerce.number().int().min(1_000).max(1_800_000).optional(),
        /**
         * Start of every topic name the hub creates and uses (`<prefix>raw.<source>`,
         * `<prefix>dlq.<source>`, `<prefix>changes` unless `outbox.topic` is set), so prefixed ACLs
         * cover them (src/kafka/README.md "Security and topic names"). Env `KAFKA_TOPIC_PREFIX`.
         * Default `huiju.`.
         */
        topicPrefix: z.string().regex(/^[A-Za-z0-9._-]{0,200}$/, 'must be at most 200 of letters, digits, . _ - (a Kafka topic name start)').default('huiju.'),
        /**
         * TLS to the brokers: `{ enabled, caFile, certFile, keyFile, rejectUnauthorized }`
         * (src/sdk/transports/kafka/kafka-security.ts). Files are resolved against the working
         * directory and must exist at start. Env `KAFKA_SSL` (`on`/`off`), `KAFKA_SSL_CA_FILE`,
         * `KAFKA_SSL_CERT_FILE`, `KAFKA_SSL_KEY_FILE`, `KAFKA_SSL_REJECT_UNAUTHORIZED`. Default: unset (no TLS).
         */
        ssl: kafkaTlsSchema.optional(),
        /**
         * SASL authentication: `{ mechanism: plain | scram-sha-256 | scram-sha-512, username, password }`;
         * the password is a secret (redacted in logs). Env `KAFKA_SASL_MECHANISM`,
         * `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`. Default: unset (no authentication).
         */
        sasl: kafkaSaslSchema.optional(),
      })
      .strict()
      .default({ clientId: 'huiju', partitions: 6, groupId: 'huiju-ingest', maxMessageBytes: 1_048_588, topicPrefix: 'huiju.' }),
    outbox: z
      .object({
        /**
         * Kafka topic the outbox relay publishes change events to (CloudEvents JSON). Env
         * `HUIJU_CHANGES_TOPIC`. Default: `<kafka.topicPrefix>changes`, i.e. `huiju.changes`
         * (`changesTopic()` in src/kafka/topic-names.ts).
         */
        topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a Kafka topic name (letters, digits, . _ -)').optional(),
        /** Days a published change event stays in the outbox table before the relay deletes it; `0` keeps them. Env `HUIJU_OUTBOX_RETENTION_DAYS`. Default `7`. */
        retentionDays: z.coerce.number().int().min(0).default(7),
        /**
         * Whether the write path writes change events at all. They exist to be published, so the
         * default is on exactly when Kafka is configured (`huiju start`, `huiju relay` and
         * `huiju ingest` then run the relay); an embedded hub without Kafka writes none instead of
         * filling a table nothing reads. Env `HUIJU_OUTBOX` (`on`/`off`). Default: on with Kafka
         * (`writesChangeEvents` in src/ingest/outbox.repository.ts).
         */
        enabled: z.boolean().optional(),
      })
      .strict()
      .default({ retentionDays: 7 }),
    server: z
      .object({
        /** HTTP port of the API and playground. Env `PORT`. Default `4000`. */
        port: z.coerce.number().int().min(0).max(65535).default(4000),
        /** Interface to listen on. Env `HOST`. Default `127.0.0.1` (set `0.0.0.0` to serve a network). */
        host: z.string().min(1).default('127.0.0.1'),
        /**
         * Host names (the `Host` header without its port) the API answers to, against DNS rebinding:
         * a page on another site that rebinds its name to this address still sends its own name.
         * `*` allows any. Env `HUIJU_ALLOWED_HOSTS` (comma list). Default: `localhost`, `127.0.0.1`,
         * `[::1]` and `host` when it is not a wildcard (`0.0.0.0`, `::`) — set it when serving a
         * network under a DNS name. `/healthz` and `/readyz` answer any Host (probes use IPs).
         */
        allowedHosts: z.array(z.string().regex(/^(\*|\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/, 'must be a host name, an IP address (IPv6 in brackets) or *')).optional(),
        cors: z
          .object({
            /**
             * Browser origins (`https://app.example.org`, scheme + host + port) on other sites that
             * may call the API: preflights are answered and responses carry
             * `Access-Control-Allow-Origin`. Any other foreign `Origin` is refused. Env
             * `HUIJU_CORS_ORIGINS` (comma list). Default `[]` (same-origin browsers only).
             */
            origins: z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://app.example.org (no path)')).default([]),
          })
          .strict()
          .default({ origins: [] }),
        /** Largest request body on /graphql, in bytes; larger ones get 413 `PAYLOAD_TOO_LARGE`. Env `HUIJU_MAX_BODY_BYTES`. Default `1048576` (1 MiB). */
        maxBodyBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
        /**
         * Most an operation may cost before it runs (src/graphql/limits.ts `operationCost`: each
         * field 1 × the page sizes of the lists above it); more is `COST_LIMIT_EXCEEDED`. Env
         * `HUIJU_MAX_COST`. Default `250000` (`DEFAULT_MAX_COST` there: twice the costliest playground
         * example; a query nesting 1,000-row pages three deep costs billions).
         */
        maxCost: z.coerce.number().int().min(1).default(250_000),
        /**
         * Time budget of one API request in milliseconds: on PostgreSQL the API's statements run
         * with this `statement_timeout`, and after it the request answers `REQUEST_TIMEOUT` and
         * starts no further SQL. Ingestion is not limited. `0` disables. Env
         * `HUIJU_REQUEST_TIMEOUT_MS`. Default `15000`.
         */
        requestTimeoutMs: z.coerce.number().int().min(0).default(15_000),
        rateLimit: z
          .object({
            /** Requests per minute per caller (token bucket; key: the caller's subject, plus the address in development mode); `0` disables. Env `HUIJU_RATE_LIMIT_PER_MINUTE`. Default `600`. */
            perMinute: z.coerce.number().int().min(0).default(600),
            /** Requests a caller may make at once before the per-minute rate applies. Env `HUIJU_RATE_LIMIT_BURST`. Default `100`. */
            burst: z.coerce.number().int().min(1).default(100),
          })
          .strict()
          .default({ perMinute: 600, burst: 100 }),
        /** Answer introspection queries (`__schema`, `__type`); switch off in production to hide the schema. Env `HUIJU_INTROSPECTION` (`on`/`off`). Default `true`. */
        introspection: z.boolean().default(true),
        /**
         * Run queries through the compiled execution (src/graphql/execution/compiled-operation.ts):
         * each document's selections are resolved against the schema once and the result tree is
         * walked without graphql-js's per-field work; anything but a clean result is answered by
         * graphql-js. `false` runs every operation through graphql-js. Env
         * `HUIJU_COMPILED_EXECUTION` (`on`/`off`). Default `true`.
         */
        compiledExecution: z.boolean().default(true),
        /**
         * Read the nested connections an operation selects inside their parent's statement
         * (src/graphql/common/joined-pages.ts): the 3-level list of areas, grids, households and
         * residents is one statement instead of four. `false`: one statement per level. Env
         * `HUIJU_JOIN_NESTED_LISTS` (`on`/`off`). Default `true`.
         */
        joinNestedLists: z.boolean().default(true),
        /**
         * When set, `/metrics` is served only on this port (same host), without a token, and not on
         * `port`; `0` picks a free port. Env `HUIJU_METRICS_PORT`. Default: unset (on `port`, behind
         * `metrics.read` or `auth.metricsToken` when auth is configured).
         */
        metricsPort: z.coerce.number().int().min(0).max(65535).optional(),
        /** Serve the GraphQL playground at `/`. Env `HUIJU_PLAYGROUND` (`on`/`off`). Default `true` (unset means on). */
        playground: z.boolean().optional(),
      })
      .strict()
      .default({
        port: 4000,
        host: '127.0.0.1',
        cors: { origins: [] },
        maxBodyBytes: 1024 * 1024,
        maxCost: 250_000,
        requestTimeoutMs: 15_000,
        rateLimit: { perMinute: 600, burst: 100 },
        introspection: true,
        compiledExecution: true,
        joinNestedLists: true,
      }),
    /**
     * Authentication (src/auth). Auth is *configured* when `jwtSecret` or `jwksUrl` is set or
     * `mode` is `required`; unconfigured, the hub runs in development mode (every caller is ADMIN)
     * only on a loopback host without `DATABASE_URL`, and `huiju start` refuses otherwise.
     */
    auth: z
      .object({
        /**
         * `auto`: tokens/API keys are required when a JWT secret or JWKS URL is set, development
         * mode otherwise (loopback only); `required`: tokens/API keys always (API keys alone work
         * without a secret); `open`: every caller is ADMIN, on purpose (a loud warning at start).
         * Env `HUIJU_AUTH_MODE`. Default `auto`.
         */
        mode: z.enum(['auto', 'required', 'open']).default('auto'),
        /** Shared secret for HS256 bearer tokens (also signs `huiju token issue`), at least 32 bytes. Env `HUIJU_JWT_SECRET`. Default: unset. */
        jwtSecret: z
          .string()
          .refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'must be at least 32 bytes (e.g. `openssl rand -base64 32`)')
          .optional(),
        /** JWKS URL of an identity provider whose RS256/ES256 tokens the hub accepts. Env `HUIJU_JWKS_URL`. Default: unset. */
        jwksUrl: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional(),
        /** Required `iss` of every token. Env `HUIJU_JWT_ISSUER`. Default `huiju` (what `huiju token issue` writes). */
        issuer: z.string().min(1).default('huiju'),
        /** Required `aud` of every token. Env `HUIJU_JWT_AUDIENCE`. Default `huiju-api` (what `huiju token issue` writes). */
        audience: z.string().min(1).default('huiju-api'),
        /** Seconds of clock skew allowed on `exp`/`nbf`/`iat`. Env `HUIJU_JWT_CLOCK_TOLERANCE`. Default `30`. */
        clockToleranceSeconds: z.coerce.number().int().min(0).max(3600).default(30),
        /**
         * A static bearer token that may scrape `/metrics` (for Prometheus) when auth is on and no
         * `server.metricsPort` is set; at least 16 characters. Env `HUIJU_METRICS_TOKEN`. Default: unset.
         */
        metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
      })
      .strict()
      .default({ mode: 'auto', issuer: 'huiju', audience: 'huiju-api', clockToleranceSeconds: 30 }),
    /**
     * The work calendar (src/flow/work-calendar.ts) on top of the shipped public holidays and 调休
     * days: a street's own days. Only in the config file. A day may not be in both lists.
     */
    calendar: z
      .object({
        /** A street's own closure days ('YYYY-MM-DD', China time) that are not working days. Default `[]`. */
        closures: calendarDays.default([]),
        /** Extra make-up working days ('YYYY-MM-DD') the shipped data lacks (a Saturday or Sunday worked). Default `[]`. */
        workingDays: calendarDays.default([]),
      })
      .strict()
      .default({ closures: [], workingDays: [] })
      .refine((c) => !c.workingDays.some((d) => c.closures.includes(d)), { message: 'a day may not be both in closures and in workingDays', path: ['workingDays'] }),
    /** Log level: fatal, error, warn, info, debug, trace or silent. Env `LOG_LEVEL`. Default `info`. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * OpenTelemetry traces (src/telemetry): off unless an OTLP endpoint is set; off, the hub uses the
     * @opentelemetry/api no-op tracer and loads no SDK.
     */
    telemetry: z
      .object({
        /**
         * OTLP/HTTP base URL of the collector (`http://collector:4318`); spans go to `<it>/v1/traces`
         * as OTLP JSON. Env `OTEL_EXPORTER_OTLP_ENDPOINT`. Default: unset (no tracing).
         */
        otlpEndpoint: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional(),
        /**
         * Full OTLP/HTTP URL for traces (`http://collector:4318/v1/traces`); wins over `otlpEndpoint`.
         * Env `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. Default: unset.
         */
        otlpTracesEndpoint: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional(),
        /** `service.name` of every span. Env `OTEL_SERVICE_NAME`. Default `huiju`. */
        serviceName: z.string().min(1).default('huiju'),
      })
      .strict()
      .prefault({}),
    pii: z
      .object({
        /**
         * Secret for the keyed hashes and encryption of ID numbers and mobiles: 32 bytes as 64 hex
         * characters or base64. Env `HUIJU_PII_KEY`. Default: the embedded store generates one
         * into `dataDir/pii.key` on first start; with `DATABASE_URL` set it is required.
         */
        key: z
          .string()
          .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, as 64 hex characters or base64')
          .optional(),
      })
      .strict()
      .default({}),
    demo: z
      .object({
        /** Load demo data when the store is empty at `huiju start`. Env `HUIJU_DEMO`. Default `true` on the embedded store, `false` on PostgreSQL. */
        autoload: z.boolean().optional(),
        /** Demo profile loaded on start: tiny, ci or perf. Env `HUIJU_DEMO_PROFILE`. Default `tiny`. */
        profile: z.enum(['tiny', 'ci', 'perf']).default('tiny'),
        /** Seed of the demo generator. Env `HUIJU_DEMO_SEED`. Default `huiju`. */
        seed: z.string().min(1).default('huiju'),
      })
      .strict()
      .default({ profile: 'tiny', seed: 'huiju' }),
    /** The write path's handling of records that arrive before what they refer to (src/ingest/park/). */
    ingest: z
      .object({
        /**
         * How long a record whose reference is not in the store yet (a resident before its grid, a
         * repair before its project, a Kafka partition ahead of another) waits, parked, for that
         * row; it is applied as soon as the row lands, and after this long it becomes an
         * `UNRESOLVED_REFERENCE` dead letter naming the missing key. `30m`, `24h`, `7d`; `0`
         * dead-letters at once (no parking). Env `HUIJU_PARKED_FOR`. Default `24h`: sources are
         * synced at most daily (a file export a day, `schedule: 1d`), so a reference another
         * source holds arrives within one cycle, and Kafka partitions lag by minutes; waiting
         * longer only hides a reference that will never come (a typo, a rejected record).
         */
        parkedFor: z
          .string()
          .regex(/^(0|\d+(s|m|h|d))$/, 'must be 0 or a duration like 30m, 24h or 7d')
          .default('24h'),
      })
      .strict()
      .prefault({}),
    /** Cases: time limits (办理时限) and duty-item links the hub derives when a source gives none. */
    cases: z
      .object({
        /** 办理时限 on the work calendar (DOMAIN.md §5). Each member has its default. */
        timeLimits: z
          .object({
            /** Working days for an urgent case (0: the same working day). Default 0. */
            urgentWorkingDays: z.number().int().min(0).default(0),
            /** Working days by appeal type; entries given add to (or override) the defaults. Default `{ 咨询: 3, 求助: 3, 投诉: 13 }`. */
            appealTypes: z.record(z.string(), z.number().int().min(0)).default({ 咨询: 3, 求助: 3, 投诉: 13 }),
            /** Working days of an appeal or hotline ticket whose type has no entry. Default 13. */
            defaultWorkingDays: z.number().int().min(0).default(13),
            /** Working days of a grid incident (网格上报). Default 3. */
            incidentWorkingDays: z.number().int().min(0).default(3),
            /** Repair limits by category: `{ 水电: { hours: 24 }, 外墙: { workingDays: 10 } }`. Default `{}`. */
            repairCategories: z
              .record(z.string(), z.union([z.object({ hours: z.number().positive() }).strict(), z.object({ workingDays: z.number().int().min(0) }).strict()]))
              .default({}),
            /** Limit of a repair whose category has no entry. Default `{ workingDays: 3 }`. */
            repairDefault: z.union([z.object({ hours: z.number().positive() }).strict(), z.object({ workingDays: z.number().int().min(0) }).strict()]).default({ workingDays: 3 }),
          })
          .strict()
          .prefault({}),
        /**
         * Category → duty item (权责清单), by the item's code or name, for cases whose source names
         * none: matched among the duty items of the case's street. Default `{}`.
         */
        dutyItems: z.record(z.string(), z.string().min(1)).default({}),
        /** 超期督办: open cases overdue this long are set SUPERVISED by `huiju start` (src/flow/overdue-escalation.ts). */
        escalation: z
          .object({
            /** Working days past the due time after which an open case is supervised. Default 3; 0 turns escalation off. */
            afterWorkingDays: z.number().int().min(0).default(3),
            /** Minutes between two escalation runs in `huiju start`. Default 15. */
            intervalMinutes: z.number().int().min(1).default(15),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * The 融合 index (`fusionIndex` query): an operator's element weights and per-indicator
     * `{ weight, target, floor }` over the defaults of src/governance/fusion-index/fusion-index.config.ts,
     * and `freshWithinHours`. Only in the config file. Default: the declared defaults.
     */
    fusionIndex: fusionIndexConfigSchema.prefault({}),
    /**
     * The configured sources: which connector reads which system, with what settings. Only in the
     * config file. Each connector's README documents its `config`; it is validated against the
     * connector's schema when the hub starts. Default: none.
     */
    sources: z
      .array(
        z
          .object({
            /** Source id, kebab-case and unique (`dazhi-street-office`); lineage and cursors carry it. */
            id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)'),
            /** Connector id from `huiju connectors list` (`street-office`, `committee-api`, …). */
            connector: z.string().min(1),
            /** The connector's settings (see its README). Secrets may be given as `${ENV_VAR}`. */
            config: z.record(z.string(), z.unknown()).default({}),
            /** How often `huiju start` syncs it: `30s`, `15m`, `1h`, `1d`. Default: only on demand. */
            schedule: z
              .string()
              .regex(/^\d+(s|m|h|d)$/, 'must be an interval like 30s, 15m, 1h or 1d')
              .optional(),
            /**
             * Let the paths of `config` (`path`, `file`, …) leave the config folder. Default
             * `false`: a path resolving outside it (absolute, through `..` or a symlink) fails the start.
             */
            allowPathsOutside: z.boolean().default(false),
          })
          .strict(),
      )
      .default([])
      .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'source ids must be unique'),
    /**
     * Survivorship: which source's value a canonical field keeps when sources disagree. Only in
     * the config file. Per field, a value replaces the stored one when its source ranks at least as
     * high as the source of the stored value; among equal ranks the newer record version wins.
     * Default: every source ranks the same (the most recent version wins).
     */
    survivorship: z
      .object({
        /**
         * Source ids, highest priority first; `*` matches any characters (`street-office-*`).
         * A source matching several entries takes the first; sources not listed rank lowest.
         */
        priority: sourcePriority.default([]),
        /**
         * A priority list per canonical entity (`person`, `organization`, `building`, …) that
         * replaces `priority` for that entity's fields.
         */
        perEntity: z.record(z.string().regex(/^[a-z][a-zA-Z]*$/, 'must be a canonical entity name (person, organization, …)'), sourcePriority).default({}),
      })
      .strict()
      .default({ priority: [], perEntity: {} }),
    /** Folder of the config file (relative paths in source configs are resolved against it). Set by the loader. */
    baseDir: z.string().optional(),
  })
  .strict();

export type HuijuConfig = Readonly<z.infer<typeof configSchema>>;

/** Which environment variable sets which config path. */
const ENV_FIELDS: ReadonlyArray<{ env: string; path: readonly string[]; kind?: 'list' | 'bool' }> = [
  { env: 'HUIJU_DATA_DIR', path: ['dataDir'] },
  { env: 'DATABASE_URL', path: ['database', 'url'] },
  { env: 'DATABASE_POOL_SIZE', path: ['database', 'poolSize'] },
  { env: 'DATABASE_STATEMENT_CACHE', path: ['database', 'statementCache'] },
  { env: 'DATABASE_READ_URL', path: ['database', 'readUrl'] },
  { env: 'KAFKA_BROKERS', path: ['kafka', 'brokers'], kind: 'list' },
  { env: 'KAFKA_CLIENT_ID', path: ['kafka', 'clientId'] },
  { env: 'HUIJU_CHANGES_TOPIC', path: ['outbox', 'topic'] },
  { env: 'HUIJU_OUTBOX_RETENTION_DAYS', path: ['outbox', 'retentionDays'] },
  { env: 'HUIJU_OUTBOX', path: ['outbox', 'enabled'], kind: 'bool' },
  { env: 'KAFKA_PARTITIONS', path: ['kafka', 'partitions'] },
  { env: 'KAFKA_GROUP_ID', path: ['kafka', 'groupId'] },
  { env: 'KAFKA_MAX_MESSAGE_BYTES', path: ['kafka', 'maxMessageBytes'] },
  { env: 'KAFKA_TOPIC_PREFIX', path: ['kafka', 'topicPrefix'] },
  { env: 'KAFKA_SSL', path: ['kafka', 'ssl', 'enabled'], kind: 'bool' },
  { env: 'KAFKA_SSL_CA_FILE', path: ['kafka', 'ssl', 'caFile'] },
  { env: 'KAFKA_SSL_CERT_FILE', path: ['kafka', 'ssl', 'certFile'] },
  { env: 'KAFKA_SSL_KEY_FILE', path: ['kafka', 'ssl', 'keyFile'] },
  { env: 'KAFKA_SSL_REJECT_UNAUTHORIZED', path: ['kafka', 'ssl', 'rejectUnauthorized'], kind: 'bool' },
  { env: 'KAFKA_SASL_MECHANISM', path: ['kafka', 'sasl', 'mechanism'] },
  { env: 'KAFKA_SASL_USERNAME', path: ['kafka', 'sasl', 'username'] },
  { env: 'KAFKA_SASL_PASSWORD', path: ['kafka', 'sasl', 'password'] },
  { env: 'KAFKA_INSTANCE_ID', path: ['kafka', 'instanceId'] },
  { env: 'KAFKA_SESSION_TIMEOUT_MS', path: ['kafka', 'sessionTimeoutMs'] },
  { env: 'PORT', path: ['server', 'port'] },
  { env: 'HOST', path: ['server', 'host'] },
  { env: 'HUIJU_ALLOWED_HOSTS', path: ['server', 'allowedHosts'], kind: 'list' },
  { env: 'HUIJU_CORS_ORIGINS', path: ['server', 'cors', 'origins'], kind: 'list' },
  { env: 'HUIJU_MAX_BODY_BYTES', path: ['server', 'maxBodyBytes'] },
  { env: 'HUIJU_MAX_COST', path: ['server', 'maxCost'] },
  { env: 'HUIJU_REQUEST_TIMEOUT_MS', path: ['server', 'requestTimeoutMs'] },
  { env: 'HUIJU_RATE_LIMIT_PER_MINUTE', path: ['server', 'rateLimit', 'perMinute'] },
  { env: 'HUIJU_RATE_LIMIT_BURST', path: ['server', 'rateLimit', 'burst'] },
  { env: 'HUIJU_INTROSPECTION', path: ['server', 'introspection'], kind: 'bool' },
  { env: 'HUIJU_COMPILED_EXECUTION', path: ['server', 'compiledExecution'], kind: 'bool' },
  { env: 'HUIJU_JOIN_NESTED_LISTS', path: ['server', 'joinNestedLists'], kind: 'bool' },
  { env: 'LOG_LEVEL', path: ['logLevel'] },
  { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', path: ['telemetry', 'otlpEndpoint'] },
  { env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', path: ['telemetry', 'otlpTracesEndpoint'] },
  { env: 'OTEL_SERVICE_NAME', path: ['telemetry', 'serviceName'] },
  { env: 'HUIJU_PII_KEY', path: ['pii', 'key'] },
  { env: 'HUIJU_DEMO', path: ['demo', 'autoload'], kind: 'bool' },
  { env: 'HUIJU_DEMO_PROFILE', path: ['demo', 'profile'] },
  { env: 'HUIJU_DEMO_SEED', path: ['demo', 'seed'] },
  { env: 'HUIJU_AUTH_MODE', path: ['auth', 'mode'] },
  { env: 'HUIJU_JWT_SECRET', path: ['auth', 'jwtSecret'] },
  { env: 'HUIJU_JWKS_URL', path: ['auth', 'jwksUrl'] },
  { env: 'HUIJU_JWT_ISSUER', path: ['auth', 'issuer'] },
  { env: 'HUIJU_JWT_AUDIENCE', path: ['auth', 'audience'] },
  { env: 'HUIJU_JWT_CLOCK_TOLERANCE', path: ['auth', 'clockToleranceSeconds'] },
  { env: 'HUIJU_METRICS_TOKEN', path: ['auth', 'metricsToken'] },
  { env: 'HUIJU_METRICS_PORT', path: ['server', 'metricsPort'] },
  { env: 'HUIJU_PLAYGROUND', path: ['server', 'playground'], kind: 'bool' },
  { env: 'HUIJU_PARKED_FOR', path: ['ingest', 'parkedFor'] },
];

/** Environment variable names the hub reads, for `--help` texts and docs. */
export const CONFIG_ENV_VARS = ENV_FIELDS.map((f) => f.env);

export interface LoadConfigOptions {
  /** Environment to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Directory in which to look for `huiju.config.*`. Default `process.cwd()`. */
  cwd?: string;
  /** Settings that override everything else (used by CLI flags and tests). */
  overrides?: Record<string, unknown>;
  /**
   * Checks the configured sources too (the CLI passes `sourceProblems` of
   * src/ingest/sync/resolve-source.ts over the installed connectors), so one `CONFIG_INVALID`
   * lists the hub's problems and every source's at once, whichever there are. Called whenever the
   * `sources` list itself is well-formed, even when other settings are not. Default: none (the
   * sources are checked when `resolveSources` runs).
   */
  sourceProblems?: (config: Pick<HuijuConfig, 'sources' | 'baseDir'>) => { problems: string[]; fields: string[] };
}

/**
 * Reads, merges and validates the configuration. Throws `HuijuError('CONFIG_INVALID')` whose
 * message names every bad field (and the environment variable that set it).
 */
export function loadConfig(options: LoadConfigOptions = {}): HuijuConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const { values: raw, dir } = readConfigFile(env, cwd);
  raw.baseDir = dir;
  const origin = new Map<string, string>();
  for (const field of ENV_FIELDS) {
    const value = env[field.env];
    if (value === undefined || value === '') continue;
    setPath(raw, field.path, convertEnv(value, field.kind));
    origin.set(field.path.join('.'), field.env);
  }
  if (options.overrides) deepMerge(raw, options.overrides);

  // every problem of the file in one message: the hub's settings, the Kafka TLS files, the sources
  const problems: string[] = [];
  const fields: string[] = [];
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...describeConfigIssues(configSchema, parsed.error.issues, '', (key) => {
        const fromEnv = [...origin.entries()].find(([p]) => key === p || key.startsWith(`${p}.`));
        return fromEnv ? `${key} (env ${fromEnv[1]})` : key;
      }),
    );
    fields.push(...parsed.error.issues.map((i) => i.path.join('.')));
  } else {
    parsed.data.dataDir = resolve(cwd, parsed.data.dataDir);
    resolveKafkaTlsFiles(parsed.data, cwd, origin, problems, fields);
  }
  const baseDir = resolve(cwd, typeof raw.baseDir === 'string' ? raw.baseDir : cwd);
  if (options.sourceProblems) {
    // the source list alone, when the rest of the file has problems: its entries are still checked
    const sources = parsed.success ? parsed.data.sources : configSchema.shape.sources.safeParse(raw.sources).data;
    if (sources) {
      const found = options.sourceProblems({ sources, baseDir });
      problems.push(...found.problems);
      fields.push(...found.fields);
    }
  }
  if (!parsed.success || problems.length > 0) {
    throw new HuijuError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, { fields });
  }
  const config = parsed.data;
  config.baseDir = baseDir;
  return deepFreeze(config);
}

/**
 * Makes `kafka.ssl`'s files absolute (against `cwd`, like `dataDir`); a file that does not exist
 * is a problem (added to `problems`) naming the field and its environment variable.
 */
function resolveKafkaTlsFiles(config: z.infer<typeof configSchema>, cwd: string, origin: ReadonlyMap<string, string>, problems: string[], fields: string[]): void {
  const ssl = config.kafka.ssl;
  if (!ssl?.enabled) return;
  for (const field of TLS_FILE_FIELDS) {
    const value = ssl[field];
    if (value === undefined) continue;
    const absolute = resolve(cwd, value);
    ssl[field] = absolute;
    if (!existsSync(absolute)) {
      const path = `kafka.ssl.${field}`;
      const env = origin.get(path);
      problems.push(`${path}${env ? ` (env ${env})` : ''}: file ${absolute} does not exist`);
      fields.push(path);
    }
  }
}

/** Decodes a PII key given as 64 hex characters or base64 of 32 bytes; `null` if it is neither. */
export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(v)) {
    const b = Buffer.from(v, 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string): { values: Record<string, unknown>; dir: string } {
  const explicit = env.HUIJU_CONFIG;
  const candidates = explicit
    ? [resolve(cwd, explicit)]
    : ['huiju.config.json', 'huiju.config.yaml', 'huiju.config.yml'].map((f) => resolve(cwd, f));
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    if (explicit) throw new HuijuError('CONFIG_INVALID', `Config file not found: HUIJU_CONFIG=${explicit}`, { field: 'HUIJU_CONFIG' });
    return { values: {}, dir: cwd };
  }
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new HuijuError('CONFIG_INVALID', `Config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`, { file });
  }
  if (value === null || value === undefined) return { values: {}, dir: dirname(file) };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HuijuError('CONFIG_INVALID', `Config file ${file} must hold an object at the top level`, { file });
  }
  return { values: value as Record<string, unknown>, dir: dirname(file) };
}

function convertEnv(value: string, kind: 'list' | 'bool' | undefined): unknown {
  if (kind === 'list') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    return value; // left for the schema to reject with a message naming the field
  }
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(value) && isPlainObject(existing)) deepMerge(existing, value);
    else target[key] = value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
