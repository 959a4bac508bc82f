/**
 * The one place that builds a kafkajs {@link Kafka} instance for the hub. Producers, consumers,
 * admin clients and the outbox relay are built from what {@link createKafka} returns; the hub's
 * own clients come from {@link createHubKafka}, which applies `kafka.ssl` / `kafka.sasl`.
 *
 * kafkajs logs to the console by default; here its log lines go nowhere unless a
 * {@link KafkaLogSink} is given (the hub's pino logger, a test's spy).
 */
import { Kafka, logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { HuijuConfig } from '../config';
import { HuijuError } from '../errors';
import { isConnectorError } from '../sdk/connector-error';
import { isTlsFailure, kafkaSecurityOptions, type KafkaSecuritySettings } from '../sdk/transports/kafka/kafka-security';

/** How much kafkajs may say. `nothing` (the default without a sink) silences it. */
export type KafkaLogLevelName = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** One kafkajs log line, flattened. `extra` holds kafkajs's structured fields (broker, groupId, ...). */
export interface KafkaLogLine {
  level: Exclude<KafkaLogLevelName, 'nothing'>;
  /** kafkajs component, e.g. `Consumer`, `Connection`, `Runner`. */
  namespace: string;
  message: string;
  extra: Record<string, unknown>;
}

/** Receives kafkajs log lines at or above the chosen level. */
export type KafkaLogSink = (line: KafkaLogLine) => void;

export interface CreateKafkaOptions {
  /** Bootstrap brokers as `host:port`, e.g. `['127.0.0.1:19092']`. */
  brokers: string[];
  /** Client id shown in broker logs and quotas. Default `huiju`. */
  clientId?: string;
  /** Minimum level passed to `log`. Default `warn` when `log` is given, otherwise `nothing`. */
  logLevel?: KafkaLogLevelName;
  /** Where kafkajs log lines go. Default: nowhere. */
  log?: KafkaLogSink;
  /** TCP connect timeout per broker, ms. Default 3000 (kafkajs: 1000, too tight on a busy 2-core box). */
  connectionTimeout?: number;
  /** Per-request timeout, ms. Default 30000. */
  requestTimeout?: number;
  /** TLS to the brokers (`kafka.ssl`). Default: none. */
  ssl?: KafkaSecuritySettings['ssl'];
  /** SASL authentication (`kafka.sasl`). Default: none. */
  sasl?: KafkaSecuritySettings['sasl'];
}

const LEVELS: Record<KafkaLogLevelName, KafkaLogLevel> = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

function levelName(level: KafkaLogLevel): KafkaLogLine['level'] {
  if (level <= KafkaLogLevel.ERROR) return 'error';
  if (level === KafkaLogLevel.WARN) return 'warn';
  if (level === KafkaLogLevel.INFO) return 'info';
  return 'debug';
}

/** A kafkajs log creator that forwards to `sink`, or drops everything when `sink` is absent. */
export function kafkaLogCreator(sink?: KafkaLogSink): logCreator {
  if (!sink) return () => () => {};
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log as LogEntry['log'] & { logger?: unknown };
      sink({ level: levelName(level), namespace, message, extra });
    };
}

/**
 * Builds a kafkajs client with a quiet logger and retry settings suited to the hub: up to 8
 * retries with exponential back-off from 300 ms, capped at 30 s per wait (about a minute in
 * all), so a broker restart or a leader election is ridden out while a broker that is really
 * gone fails the call instead of hanging it.
 */
export function createKafka(options: CreateKafkaOptions): Kafka {
  if (options.brokers.length === 0) throw new Error('createKafka: at least one broker is required');
  const level = options.logLevel ?? (options.log ? 'warn' : 'nothing');
  let security: ReturnType<typeof kafkaSecurityOptions>;
  try {
    security = kafkaSecurityOptions({ ssl: options.ssl, sasl: options.sasl });
  } catch (err) {
    if (!isConnectorError(err)) throw err;
    throw new HuijuError('CONFIG_INVALID', `kafka.${err.message}`, { field: `kafka.${String(err.details.field ?? 'ssl')}` }, { cause: err });
  }
  return new Kafka({
    ...security,
    clientId: options.clientId ?? 'huiju',
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeout ?? 3_000,
    requestTimeout: options.requestTimeout ?? 30_000,
    retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 8, factor: 0.2, multiplier: 2 },
    logLevel: LEVELS[level],
    logCreator: kafkaLogCreator(level === 'nothing' ? undefined : options.log),
  });
}

/**
 * A Kafka client of the hub from its config: `kafka.brokers` (or `brokers`), client id
 * `<kafka.clientId>-<role>` (`huiju-ingest`, `huiju-publish`, …), and `kafka.ssl` / `kafka.sasl`.
 * Every Kafka client of the hub (ingest worker, raw publisher, outbox relay, live feed, demo) is
 * built here, so TLS and SASL apply to all of them. `KAFKA_NOT_CONFIGURED` without brokers.
 */
export function createHubKafka(kafka: HuijuConfig['kafka'], role: string, options: { log?: KafkaLogSink; brokers?: readonly string[] } = {}): Kafka {
  const brokers = options.brokers ?? kafka.brokers;
  if (!brokers || brokers.length === 0) throw new HuijuError('KAFKA_NOT_CONFIGURED', 'Kafka is not configured: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
  return createKafka({ brokers: [...brokers], clientId: `${kafka.clientId}-${role}`, ssl: kafka.ssl, sasl: kafka.sasl, ...(options.log ? { log: options.log } : {}) });
}

/**
 * A failure to connect to the hub's brokers as a coded error: `KAFKA_AUTH_FAILED` when the brokers
 * refused the SASL credentials (a wrong user name, password or mechanism: retrying cannot help),
 * `KAFKA_TLS_FAILED` when the TLS handshake failed (an untrusted or mismatched certificate),
 * `KAFKA_UNAVAILABLE` otherwise. The message names the brokers and the broker's reason, never the password.
 */
export function kafkaConnectError(err: unknown, brokers: readonly string[], doing: string): HuijuError {
  if (err instanceof HuijuError) return err;
  const e = err as { name?: string; message?: string };
  const where = brokers.length > 0 ? `Kafka at ${brokers.join(',')}` : 'Kafka';
  const reason = e.message ?? String(err);
  if (e.name === 'KafkaJSSASLAuthenticationError') {
    return new HuijuError('KAFKA_AUTH_FAILED', `${where} refused the SASL credentials (kafka.sasl) while ${doing}: ${reason}`, { brokers: [...brokers] }, { cause: err });
  }
  if (isTlsFailure(reason)) {
    return new HuijuError('KAFKA_TLS_FAILED', `TLS to ${where} failed while ${doing} (check kafka.ssl): ${reason}`, { brokers: [...brokers] }, { cause: err });
  }
  return new HuijuError('KAFKA_UNAVAILABLE', `cannot reach ${where} while ${doing}: ${reason}`, { brokers: [...brokers] }, { cause: err });
}

/** Parses `KAFKA_BROKERS`-style text (`host:port,host:port`) into a broker list. */
export function parseBrokers(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
