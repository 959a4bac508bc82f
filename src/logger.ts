import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are personal information: redacted wherever they appear in a log object.
 * Library code logs ids, codes and counts; these paths are the safety net, not the policy.
 */
const PI_PATHS = [
  'name', 'idNumber', 'id_number', 'mobile', 'phone', 'reporter', 'content', 'payload', 'birthDate',
  '*.name', '*.idNumber', '*.id_number', '*.mobile', '*.phone', '*.reporter', '*.content', '*.payload', '*.birthDate',
  'config.pii.key', 'config.database.url', 'pii.key',
  'config.auth.jwtSecret', 'config.auth.metricsToken', 'auth.jwtSecret', 'auth.metricsToken', 'headers.authorization', 'headers["x-api-key"]',
];

export interface CreateLoggerOptions {
  level?: string;
  /**
   * Where to write; default stderr, so that a command's own output on stdout (`--json`, `query`,
   * `schema`) is only that output. Tests pass a stream to read what was logged.
   */
  destination?: NodeJS.WritableStream;
}

/** The hub's structured JSON logger (pino) with personal-information keys redacted. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: PI_PATHS, censor: '[masked]' },
      base: undefined,
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
