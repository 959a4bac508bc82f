import pino, { type Logger } from 'pino';
import { LOG_CENSOR, redactedLogPaths, redactLogObject } from './log-redaction';

export type { Logger };

/**
 * Secrets redacted by path: the PII key, the database URL (it may carry a password), the auth
 * secrets, the Kafka SASL password and credential headers. Personal information is redacted by key (`src/log-redaction.ts`).
 */
const SECRET_PATHS = [
  'config.pii.key', 'config.database.url', 'pii.key',
  'config.auth.jwtSecret', 'config.auth.metricsToken', 'auth.jwtSecret', 'auth.metricsToken', 'headers.authorization', 'headers["x-api-key"]',
  'config.kafka.sasl.password', 'kafka.sasl.password', 'sasl.password',
];

export interface CreateLoggerOptions {
  level?: string;
  /**
   * Where to write; default stderr, so that a command's own output on stdout (`--json`, `query`,
   * `schema`) is only that output. Tests pass a stream to read what was logged.
   */
  destination?: NodeJS.WritableStream;
}

/**
 * The hub's structured JSON logger (pino) with secrets and personal information redacted: the
 * values of masking's sensitive keys (any spelling, any depth of a logged object; the keys as
 * written, two levels deep, in a child logger's bindings) become `[masked]`.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: [...SECRET_PATHS, ...redactedLogPaths()], censor: LOG_CENSOR },
      formatters: { log: (object) => redactLogObject(object) },
      base: undefined,
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
