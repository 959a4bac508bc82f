/**
 * Property-firm events (S4): CloudEvents 1.0 that property firms publish to Kafka — projects
 * with their buildings, repair orders, owners' committee filings, fee summaries — read from a
 * topic (or, for demos, a JSON Lines file of the same events) into property companies, projects,
 * buildings, REPAIR cases and owners' committees. See README.md.
 */
import { defineConnector, isConnectorError } from '../../src/sdk/index';
import { countJsonLines, probeTopic } from '../../src/sdk/transports/kafka/index';
import { eventsStream } from './events.stream';
import { eventLogOf, propertyEventsConfigSchema, type PropertyEventsConfig } from './property-events.config';

/** How long `check()` gives a broker to accept the connection (one retry follows). */
const CHECK_CONNECTION_TIMEOUT_MS = 2_000;

export const propertyEventsConnector = defineConnector<PropertyEventsConfig>({
  id: 'property-events',
  version: '1.0.0',
  displayName: 'Property-firm events (Kafka CloudEvents)',
  description: 'Projects, buildings, repair orders and owners committees from property firms, as CloudEvents on a Kafka topic or in a JSON Lines file',
  config: propertyEventsConfigSchema,
  async check(ctx) {
    try {
      const log = eventLogOf(ctx);
      if (log.mode === 'file') {
        const lines = await countJsonLines(log.path);
        return { ok: true, message: `${lines} line(s) in ${log.path}` };
      }
      const probe = await probeTopic({
        ...log.security,
        brokers: log.brokers,
        topic: log.topic,
        clientId: ctx.config.clientId ?? `huiju-${ctx.sourceId}`,
        connectionTimeoutMs: CHECK_CONNECTION_TIMEOUT_MS,
        retries: 1,
        logger: ctx.logger,
      });
      return { ok: true, message: `topic ${log.topic}: ${probe.partitions} partition(s), ${probe.messages} message(s) retained` };
    } catch (err) {
      if (!isConnectorError(err)) throw err;
      return { ok: false, kind: err.kind === 'system' ? 'transient' : err.kind, message: err.message };
    }
  },
  streams: [eventsStream],
});
