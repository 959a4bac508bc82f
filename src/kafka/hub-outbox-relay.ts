import { HuijuError } from '../errors';
import type { Hub } from '../hub';
import { hubMetrics } from '../metrics/hub-metrics';
import { createHubKafka } from './client';
import { changesTopic } from './topic-names';
import { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

/**
 * The outbox relay of a hub, from its config: brokers `kafka.brokers` (with `kafka.ssl`/`kafka.sasl`), topic `changesTopic()`,
 * retention `outbox.retentionDays`; rows locked only on PostgreSQL (the embedded store has one
 * process and one connection); kafkajs warnings and the relay's own lines go to the hub's logger;
 * published events are counted in the hub's metrics. `KAFKA_NOT_CONFIGURED` without brokers.
 */
export function createHubOutboxRelay(hub: Hub, overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const brokers = hub.config.kafka.brokers;
  if (!brokers || brokers.length === 0) {
    throw new HuijuError('KAFKA_NOT_CONFIGURED', 'The outbox relay publishes to Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
  }
  const log = hub.logger.child({ component: 'kafka' });
  const kafka = createHubKafka(hub.config.kafka, 'outbox-relay', {
    log: (line) => log[line.level]({ namespace: line.namespace, ...line.extra }, line.message),
  });
  const published = hubMetrics(hub).outboxPublished;
  return createOutboxRelay(hub.db, kafka, {
    topic: changesTopic(hub.config),
    retentionDays: hub.config.outbox.retentionDays,
    lockRows: hub.store.kind === 'postgres',
    logger: hub.logger,
    ...overrides,
    onPublished: (n) => {
      published.inc(n);
      overrides.onPublished?.(n);
    },
  });
}
