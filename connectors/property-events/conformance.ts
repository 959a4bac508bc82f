/**
 * What one full run over fixtures/events.jsonl must produce — read from a fresh topic on the test
 * broker (the fixture's lines produced in order, keyed by the object they are about, over three
 * partitions), or straight from the file when this test run has no broker.
 *
 * Loaded only by tests: importing test support here is deliberate (it keeps kafkajs producers
 * and the broker address out of the connector itself).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '../../src/sdk/conformance';
import type { JsonValue } from '../../src/sdk/connector';
import { createTestTopic } from '../../test/connectors/property-events/kafka-test-topic';
import { kafkaBrokers } from '../../test/support/services';
import { objectKeyOf } from './cloud-event';

/** The fixture file: one CloudEvent (or a deliberately broken line) per line. */
export const FIXTURE_FILE = fileURLToPath(new URL('./fixtures/events.jsonl', import.meta.url));

/** The fixture's oversize event is about 7 KB: the conformance config allows 4 KiB. */
export const FIXTURE_MAX_MESSAGE_BYTES = 4_096;

/** The fixture's lines as Kafka messages: the object key (as the firms key them) and the line as the value. */
export function fixtureMessages(): { key: string | null; value: string }[] {
  return readFileSync(FIXTURE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      let key: string | null = null;
      try {
        key = objectKeyOf(JSON.parse(line));
      } catch {
        // the invalid-JSON line: no key, the producer picks a partition
      }
      return { key, value: line };
    });
}

function testBrokers(): string[] | null {
  try {
    return kafkaBrokers();
  } catch {
    return null;
  }
}

export const conformance: ConformanceFixture = {
  async setup() {
    const brokers = testBrokers();
    if (brokers === null) {
      const fileConfig: Record<string, JsonValue> = { file: FIXTURE_FILE, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES };
      return { config: fileConfig, async teardown() {} };
    }
    const topic = await createTestTopic(brokers, 'conformance-property-events', 3);
    await topic.produce(fixtureMessages());
    return {
      config: { brokers, topic: topic.topic, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES, clientId: 'huiju-conformance' },
      teardown: () => topic.remove(),
    };
  },
  badConfigs: [
    { name: 'a broker that refuses connections', config: { brokers: ['127.0.0.1:1'], topic: 'property.events' }, kind: 'transient' },
    { name: 'both a file and brokers', config: { brokers: ['127.0.0.1:9092'], file: 'events.jsonl' }, kind: 'config' },
    { name: 'neither a file nor brokers', config: {}, kind: 'config' },
    { name: 'an events file that does not exist', config: { file: '/nonexistent/huiju-property-events.jsonl' }, kind: 'config' },
  ],
  expected: {
    // An empty store, as the suite runs it: no admin area is known, so everything placed in a
    // community (projects → buildings → the repair orders on them, whose firm also comes with
    // a project) is UNRESOLVED_REFERENCE, replayable once S1 has loaded the areas. Per line:
    //  1-4  project JA-XF-001: a duplicate, a newer and an out-of-order older version → newest UNRESOLVED_REFERENCE
    //  5    project JA-HP-002 → UNRESOLVED_REFERENCE
    //  6-8  repair WX-0001 created, updated, an older update arriving late → newest UNRESOLVED_REFERENCE
    //  9-10 repair WX-0002 and its duplicate → UNRESOLVED_REFERENCE
    //  11   WX-0003 with status 已挂起 → UNKNOWN_STATUS;  12 an update without order_no → MISSING_FIELD
    //  13   WX-0005, time without offset → UNRESOLVED_REFERENCE
    //  14-16 owners committees YWH-JA-2026-001 (+ duplicate) and -007 → 2 applied
    //  17 fee summary → EVENT_TYPE_NOT_MAPPED; 18 property.parking.assigned → UNKNOWN_EVENT_TYPE
    //  19 specversion 0.3 → UNSUPPORTED_SPEC_VERSION; 20 cut-off JSON → BAD_JSON; 21 7 KB event → OVERSIZE_MESSAGE
    // The other 7 lines are older or repeated versions: stale or unchanged, no dead letter.
    events: {
      read: 21,
      applied: 2,
      deadLetters: {
        UNRESOLVED_REFERENCE: 5,
        UNKNOWN_STATUS: 1,
        MISSING_FIELD: 1,
        EVENT_TYPE_NOT_MAPPED: 1,
        UNKNOWN_EVENT_TYPE: 1,
        UNSUPPORTED_SPEC_VERSION: 1,
        BAD_JSON: 1,
        OVERSIZE_MESSAGE: 1,
      },
    },
  },
};
