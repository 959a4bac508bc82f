/**
 * How this transport talks to a broker: a kafkajs client with a quiet logger, and the mapping of
 * kafkajs failures onto connector failure kinds. kafkajs types stay in this folder; callers pass
 * plain options and get {@link ConnectorError}s.
 */
import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { ConnectorLogger } from '../../connector';
import { ConnectorError } from '../../connector-error';
import { isTlsFailure, kafkaSecurityOptions, type KafkaSecuritySettings } from './kafka-security';

/** Where the broker is, how to authenticate (TLS, SASL) and how patient to be with it. */
export interface KafkaConnectionOptions extends KafkaSecuritySettings {
  /** Bootstrap brokers as `host:port` (`['kafka-1:9092', 'kafka-2:9092']`). At least one. */
  brokers: readonly string[];
  /** Client id shown in broker logs and quotas. Default `huiju`. */
  clientId?: string;
  /** TCP connect timeout per broker, in ms. Default `3000`. */
  connectionTimeoutMs?: number;
  /** Time limit of one broker request, in ms. Default `30000`. */
  requestTimeoutMs?: number;
  /**
   * Retries of a failed connection or request (exponential backoff from 300 ms) before the
   * operation fails as `transient`. `0` tries once. Default `5` (about 10 s in all).
   */
  retries?: number;
  /** Receives kafkajs's own warnings and errors as debug lines. Default: dropped. */
  logger?: ConnectorLogger;
  /** Folder relative `ssl` file paths resolve against (the source's config folder). Default: the working directory. */
  baseDir?: string;
}

/** Builds the kafkajs client for one read or probe. */
export function createKafkaClient(options: KafkaConnectionOptions): Kafka {
  if (options.brokers.length === 0) throw new ConnectorError('config', 'KAFKA_NO_BROKERS', 'no Kafka broker is configured');
  return new Kafka({
    ...kafkaSecurityOptions(options, options.baseDir),
    clientId: options.clientId ?? 'huiju',
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: options.retries ?? 5, factor: 0.2, multiplier: 2 },
    logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: forwardTo(options.logger),
  });
}

/** kafkajs log lines become debug lines of the connector's logger: the failures that matter are thrown. */
function forwardTo(logger: ConnectorLogger | undefined): logCreator {
  if (!logger) return () => () => {};
  return () =>
    ({ namespace, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log as LogEntry['log'] & { logger?: unknown };
      logger.debug({ kafka: namespace, ...extra }, message);
    };
}

const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
]);

/**
 * A kafkajs failure as a connector failure: an unreachable or timing-out cluster is `transient`
 * (`KAFKA_UNREACHABLE`), refused credentials or authorisation are `config` (`KAFKA_NOT_AUTHORIZED`),
 * a failed TLS handshake (certificate not trusted) `config` (`KAFKA_TLS_FAILED`), anything else the
 * broker says is `transient` when kafkajs calls it retriable and `source` otherwise. `doing`
 * completes "Kafka failed while …" in the user message.
 */
export function kafkaFailure(err: unknown, doing: string, brokers: readonly string[]): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = err as { name?: string; message?: string; type?: string; retriable?: boolean; cause?: unknown };
  const root = rootCause(err) as { name?: string; type?: string; retriable?: boolean };
  const internalMessage = `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
  const where = brokers.join(',');
  if (e.name === 'KafkaJSSASLAuthenticationError' || /AUTHORIZATION_FAILED$/.test(root.type ?? '')) {
    return new ConnectorError('config', 'KAFKA_NOT_AUTHORIZED', `Kafka at ${where} refused access while ${doing}`, { internalMessage, cause: err });
  }
  if (isTlsFailure(`${e.message ?? ''} ${(root as { message?: string }).message ?? ''}`)) {
    return new ConnectorError('config', 'KAFKA_TLS_FAILED', `TLS to Kafka at ${where} failed while ${doing} (check ssl.caFile and the brokers' certificate)`, { internalMessage, cause: err });
  }
  if (UNREACHABLE.has(e.name ?? '') || UNREACHABLE.has(root.name ?? '')) {
    return new ConnectorError('transient', 'KAFKA_UNREACHABLE', `Kafka at ${where} cannot be reached (while ${doing})`, { internalMessage, cause: err });
  }
  const retriable = e.retriable ?? root.retriable ?? true;
  return new ConnectorError(retriable ? 'transient' : 'source', 'KAFKA_ERROR', `Kafka at ${where} failed while ${doing}`, { internalMessage, cause: err });
}

function rootCause(err: unknown): unknown {
  let e = err as { cause?: unknown; originalError?: unknown };
  for (let i = 0; i < 10; i++) {
    const next = e?.cause ?? e?.originalError;
    if (!next) break;
    e = next as typeof e;
  }
  return e;
}

/**
 * Runs `work` but gives up after `ms` (kafkajs disconnects can wait on a broker that is gone):
 * resolves either way, so cleanup never hangs the process.
 */
export async function withinMs(ms: number, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
