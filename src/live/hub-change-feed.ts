import type { Hub } from '../hub';
import { createHubKafka } from '../kafka/client';
import { changesTopic } from '../kafka/topic-names';
import { type ChangeFeed, createChangeFeed } from './change-feed';
import { createKafkaChangeSource } from './kafka-feed';
import { createOutboxSource } from './outbox-feed';

/** Which source feeds a hub's live updates. */
export type LiveFeedMode = 'outbox' | 'kafka';

/**
 * The mode of a hub's config: `kafka` when `kafka.brokers` is set (distributed: the relay
 * publishes every process's changes to `huiju.changes`, and each API replica consumes it), else
 * `outbox` (embedded: this process polls the outbox table).
 */
export function liveFeedMode(hub: Pick<Hub, 'config'>): LiveFeedMode {
  return hub.config.kafka.brokers && hub.config.kafka.brokers.length > 0 ? 'kafka' : 'outbox';
}

/**
 * The change feed of a served hub, by {@link liveFeedMode}. Nothing runs until the first
 * subscriber arrives; `close()` stops it. One per HTTP server: every subscription of the server
 * shares its source (one poller, or one consumer).
 */
export function createHubChangeFeed(hub: Hub): ChangeFeed {
  const log = hub.logger.child({ component: 'live' });
  const onError = (err: unknown) => log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'change feed failed');
  if (liveFeedMode(hub) === 'kafka') {
    const kafkaLog = hub.logger.child({ component: 'kafka' });
    const kafka = createHubKafka(hub.config.kafka, 'live', {
      log: (line) => kafkaLog[line.level]({ namespace: line.namespace, ...line.extra }, line.message),
    });
    return createChangeFeed(createKafkaChangeSource(kafka, { topic: changesTopic(hub.config), logger: hub.logger }), { onError });
  }
  return createChangeFeed(createOutboxSource(hub.db, { logger: hub.logger }), { onError });
}
