import { z } from 'zod';
import { resolveSourcePath, sourcePath, type ConnectorContext } from '../../src/sdk';
import { kafkaSaslSchema, kafkaTlsSchema, type KafkaSecuritySettings } from '../../src/sdk/transports/kafka/index';

/** Default topic the property firms publish to. */
export const DEFAULT_TOPIC = 'property.events';
/** Default size limit of one event: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const brokerAddress = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^\s:,[\]]+):\d{1,5}$/, 'a broker is host:port');

/**
 * Config of one property-firm event source (S4). Exactly one of two modes:
 * - Kafka: `brokers` (+ `topic`, default `property.events`);
 * - file: `file`, a JSON Lines file of the same CloudEvents (demos, tests, a firm that drops its
 *   event log as a file).
 * Validated once by the hub before anything runs.
 */
export const propertyEventsConfigSchema = z
  .object({
    /**
     * Kafka bootstrap brokers as `host:port`: a list, or one comma-separated string (so
     * `brokers: ${KAFKA_BROKERS}` works). Kafka mode.
     */
    brokers: z
      .union([z.array(brokerAddress).min(1), z.string().min(1)])
      .transform((b, ctx) => {
        const list = (Array.isArray(b) ? b : b.split(',')).map((s) => s.trim()).filter((s) => s !== '');
        for (const s of list) {
          if (!brokerAddress.safeParse(s).success) ctx.addIssue({ code: 'custom', message: `"${s}" is not host:port` });
        }
        if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one broker is required' });
        return list;
      })
      .optional()
      .describe('Kafka bootstrap brokers (host:port list or comma-separated string); Kafka mode'),
    /** Topic the firms publish to. Kafka mode only. Default `property.events`. */
    topic: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name is 1-249 of A-Z a-z 0-9 . _ -')
      .optional()
      .describe('Kafka topic; default property.events (Kafka mode only)'),
    /** JSON Lines file of CloudEvents, one per line; relative to the config file. File mode. */
    file: sourcePath(z.string().min(1).optional(), 'JSON Lines file of CloudEvents, relative to the config file (must stay inside it unless allowPathsOutside); file mode', { kind: 'file' }),
    /** Events larger than this (bytes) are dead-lettered as `OVERSIZE_MESSAGE` unread. Default 1 MiB. */
    maxMessageBytes: z
      .number()
      .int()
      .min(256)
      .max(64 * 1024 * 1024)
      .default(DEFAULT_MAX_MESSAGE_BYTES)
      .describe('Events larger than this many bytes become OVERSIZE_MESSAGE dead letters; default 1048576'),
    /** Kafka client id, shown in broker logs and quotas. Default `huiju-<source id>`. */
    clientId: z.string().min(1).max(255).optional().describe('Kafka client id; default huiju-<source id>'),
    /**
     * TLS to the firms' brokers: `{ enabled, caFile, certFile, keyFile, rejectUnauthorized }`, files
     * relative to the config file. Kafka mode only. Default: none (PLAINTEXT).
     */
    ssl: kafkaTlsSchema.optional().describe('TLS to the brokers: enabled (default true), caFile, certFile + keyFile (mutual TLS), rejectUnauthorized (default true); Kafka mode only'),
    /** SASL: `{ mechanism: plain | scram-sha-256 | scram-sha-512, username, password }`; `password` is a secret (`${ENV_VAR}`). Kafka mode only. */
    sasl: kafkaSaslSchema.optional().describe('SASL authentication: mechanism (plain, scram-sha-256, scram-sha-512), username, password (secret); Kafka mode only'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.brokers !== undefined && c.file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['file'], message: 'give either brokers (Kafka mode) or file (file mode), not both' });
    } else if (c.brokers === undefined && c.file === undefined) {
      ctx.addIssue({ code: 'custom', path: ['brokers'], message: 'give brokers (Kafka mode) or file (file mode)' });
    }
    for (const field of ['topic', 'ssl', 'sasl'] as const) {
      if (c.file !== undefined && c[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} belongs to Kafka mode; file mode reads only the file` });
      }
    }
  });

/** The validated config (defaults filled in). */
export type PropertyEventsConfig = z.output<typeof propertyEventsConfigSchema>;

/** Where the events come from, with defaults applied and the file path resolved. */
export type EventLogLocation = { mode: 'kafka'; brokers: string[]; topic: string; security: KafkaSecuritySettings & { baseDir: string } } | { mode: 'file'; path: string };

/**
 * The config's mode, the file resolved against the config folder (`ctx.baseDir`) and confined to
 * it unless the source sets `allowPathsOutside`.
 */
export function eventLogOf(ctx: Pick<ConnectorContext<PropertyEventsConfig>, 'config' | 'sourceId' | 'baseDir' | 'allowPathsOutside'>): EventLogLocation {
  const config = ctx.config;
  if (config.file !== undefined) return { mode: 'file', path: resolveSourcePath(ctx, 'file', config.file) };
  // TLS files are read by the TLS layer only (never turned into records), so they may live outside the config folder (/etc/ssl)
  const security = { ...(config.ssl ? { ssl: config.ssl } : {}), ...(config.sasl ? { sasl: config.sasl } : {}), baseDir: ctx.baseDir };
  return { mode: 'kafka', brokers: config.brokers ?? [], topic: config.topic ?? DEFAULT_TOPIC, security };
}
