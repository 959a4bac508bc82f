import { defineStream, RecordError, type CanonicalChange } from '../../src/sdk/index';
import { readJsonLinesLog, readTopicToEnd } from '../../src/sdk/transports/kafka/index';
import { eventVersionOf, EVENT_TYPES, objectKeyOf, parsePropertyEvent } from './cloud-event';
import { mapOwnersCommitteeFiled } from './owners-committee.mapping';
import { mapProjectUpserted } from './project.mapping';
import { eventLogOf, type PropertyEventsConfig } from './property-events.config';
import { mapRepairEvent } from './repair.mapping';

/**
 * The one stream: every event of the topic (or file), in log order. One stream rather than one
 * per event family because the firms publish all families to one topic: a single pass reads
 * each message once, keeps one cursor, and dead-letters what belongs to no family exactly once.
 */
export const eventsStream = defineStream<PropertyEventsConfig, unknown>({
  name: 'events',
  description: 'CloudEvents of property firms: projects and buildings, repair orders, owners committees',
  // the object's key, by family: data.project_code / data.order_no / data.filing_no
  primaryKey: ['type', 'data.project_code', 'data.order_no', 'data.filing_no'],
  // repair reporters and owners' committee members are people (membership in the party is L4); a
  // repair's unit and room are below the building; firms, projects and buildings are L1
  personalFields: {
    name: ['data.reporter.name', 'data.members.name'],
    mobile: ['data.reporter.phone'],
    withheld: ['data.unit', 'data.room', 'data.plate'],
    l4: ['data.members.is_party_member'],
  },
  // the position in the log (partition offsets), not a field of the event
  cursorField: 'offset',
  read(ctx, cursor) {
    const log = eventLogOf(ctx);
    const { maxMessageBytes } = ctx.config;
    if (log.mode === 'file') return readJsonLinesLog({ file: log.path, cursor, maxMessageBytes, signal: ctx.signal });
    return readTopicToEnd({
      ...log.security,
      brokers: log.brokers,
      topic: log.topic,
      clientId: ctx.config.clientId ?? `huiju-${ctx.sourceId}`,
      groupIdPrefix: `huiju-read-${ctx.sourceId}`,
      cursor,
      maxMessageBytes,
      signal: ctx.signal,
      logger: ctx.logger,
    });
  },
  externalId: objectKeyOf,
  version: eventVersionOf,
  map(record): CanonicalChange[] {
    const event = parsePropertyEvent(record);
    switch (event.type) {
      case EVENT_TYPES.PROJECT_UPSERTED:
        return mapProjectUpserted(event);
      case EVENT_TYPES.REPAIR_CREATED:
      case EVENT_TYPES.REPAIR_UPDATED:
        return mapRepairEvent(event);
      case EVENT_TYPES.OWNERS_COMMITTEE_FILED:
        return mapOwnersCommitteeFiled(event);
      case EVENT_TYPES.FEE_SUMMARY:
        // Known, but the canonical model has no fee summaries yet. A dead letter keeps the event
        // (encrypted) for `dead-letters replay` once it has; see README "Fee summaries".
        throw new RecordError('EVENT_TYPE_NOT_MAPPED', `${event.type} has no canonical entity yet; kept for replay`);
    }
  },
});
