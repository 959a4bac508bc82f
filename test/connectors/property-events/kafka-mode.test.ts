/**
 * property-events in Kafka mode against the real test broker: the fixture's events produced to a
 * fresh topic keyed by object, read by the connector's stream and synced through the hub.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURE_MAX_MESSAGE_BYTES, fixtureMessages } from '../../../connectors/property-events/conformance';
import { propertyEventsConnector } from '../../../connectors/property-events/index';
import { propertyEventsConfigSchema, type PropertyEventsConfig } from '../../../connectors/property-events/property-events.config';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import type { ConnectorContext, JsonValue, ReadMessage } from '../../../src/sdk/connector';
import { startDeadBroker } from '../../support/dead-broker';
import { describeWithKafka, kafkaBrokers } from '../../support/services';
import { createTestHub, type TestHub } from '../../support/test-hub';
import { propertySource, seedAreas } from './hub-helpers';
import { createTestTopic, type TestTopic } from './kafka-test-topic';

const stream = propertyEventsConnector.streams[0]!;

function context(config: PropertyEventsConfig, signal = new AbortController().signal): ConnectorContext<PropertyEventsConfig> {
  return { config, sourceId: 'pe-kafka', signal, baseDir: process.cwd(), logger: { debug() {}, info() {}, warn() {} } };
}

async function readAll(config: PropertyEventsConfig, cursor: JsonValue | null, onMessage?: (m: ReadMessage) => void): Promise<ReadMessage[]> {
  const out: ReadMessage[] = [];
  for await (const m of stream.read(context(config), cursor) as AsyncIterable<ReadMessage>) {
    out.push(m);
    onMessage?.(m);
  }
  return out;
}

/** What a message was, as a fixture line would say it: the event id, or the failure reason. */
const identity = (m: ReadMessage) => (m.type === 'record' ? `record:${(m.data as { id: string }).id}` : m.type === 'failed' ? `failed:${m.reason}` : m.type);

describeWithKafka('property-events: Kafka mode (real broker)', () => {
  const messages = fixtureMessages();
  const expected = messages
    .map((m) => {
      try {
        return `record:${(JSON.parse(m.value) as { id: string }).id}`;
      } catch {
        return 'failed:BAD_JSON';
      }
    })
    .map((id, i) => (Buffer.byteLength(messages[i]!.value) > FIXTURE_MAX_MESSAGE_BYTES ? 'failed:OVERSIZE_MESSAGE' : id))
    .sort();
  let topic: TestTopic;
  let config: PropertyEventsConfig;

  beforeAll(async () => {
    topic = await createTestTopic(kafkaBrokers(), 'property-events', 3);
    await topic.produce(messages);
    config = propertyEventsConfigSchema.parse({ brokers: topic.brokers, topic: topic.topic, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES });
  });
  afterAll(async () => {
    await topic?.remove();
  });

  it('reads every event once, the invalid JSON and the oversize event as failed messages with their offsets', async () => {
    const all = await readAll(config, null);
    const read = all.filter((m) => m.type !== 'checkpoint');
    expect(read.map(identity).sort()).toEqual(expected);
    for (const m of read) expect(m.type === 'record' || m.type === 'failed' ? m.position : null).toMatchObject({ topic: topic.topic, partition: expect.any(Number), offset: expect.any(Number) });
    const failed = all.filter((m) => m.type === 'failed');
    expect(failed.map((m) => m.type === 'failed' && m.reason).sort()).toEqual(['BAD_JSON', 'OVERSIZE_MESSAGE']);
    const last = all.filter((m) => m.type === 'checkpoint').at(-1) as { cursor: Record<string, number> };
    expect(Object.values(last.cursor).reduce((s, n) => s + n, 0)).toBe(messages.length);
  });

  it('resumes from any checkpoint without reading an event twice', async () => {
    const all = await readAll(config, null);
    const cut = all.findIndex((m) => m.type === 'checkpoint');
    const head = all.slice(0, cut).filter((m) => m.type !== 'checkpoint').map(identity);
    const rest = (await readAll(config, (all[cut] as { cursor: JsonValue }).cursor)).filter((m) => m.type !== 'checkpoint').map(identity);
    expect([...head, ...rest].sort()).toEqual(expected);
    const last = all.filter((m) => m.type === 'checkpoint').at(-1) as { cursor: JsonValue };
    expect(await readAll(config, last.cursor)).toEqual([]);
  });

  it('stops promptly when cancelled', async () => {
    const controller = new AbortController();
    const seen: ReadMessage[] = [];
    for await (const m of stream.read(context(config, controller.signal), null) as AsyncIterable<ReadMessage>) {
      seen.push(m);
      if (m.type === 'record') controller.abort();
    }
    // promptly = by count: the read ends at the record it was aborted on, of the 21 on the topic
    expect(seen.filter((m) => m.type === 'record')).toHaveLength(1);
  });

  it('checks the topic: ok with the good config, config for a missing topic, transient after one retry for a dead broker', async () => {
    expect(await propertyEventsConnector.check(context(config))).toEqual({ ok: true, message: `topic ${topic.topic}: 3 partition(s), 21 message(s) retained` });
    const missing = propertyEventsConfigSchema.parse({ brokers: topic.brokers, topic: 'huiju.test.no-such-topic' });
    expect(await propertyEventsConnector.check(context(missing))).toMatchObject({ ok: false, kind: 'config' });
    // "within seconds" as a count: check() tries twice (one retry), not kafkajs's default six times
    const broker = await startDeadBroker();
    try {
      const dead = propertyEventsConfigSchema.parse({ brokers: [broker.address] });
      expect(await propertyEventsConnector.check(context(dead))).toMatchObject({ ok: false, kind: 'transient' });
      expect(broker.connections()).toBeGreaterThan(0);
      expect(broker.connections(), 'connection attempts').toBeLessThanOrEqual(2);
    } finally {
      await broker.close();
    }
  });

  it('syncs into the store like the file mode does (one partition: the same batches)', async () => {
    let hub: TestHub | undefined;
    const single = await createTestTopic(topic.brokers, 'property-events-1p', 1);
    try {
      await single.produce(messages);
      hub = await createTestHub('pglite');
      await seedAreas(hub);
      const source = propertySource('pe-kafka', { brokers: single.brokers, topic: single.topic, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES });
      const [report] = await syncSource(hub, source);
      expect(report).toMatchObject({ status: 'SUCCEEDED', read: 21, applied: 7, unchanged: 3, stale: 4, deadLetters: 7 });
      const [again] = await syncSource(hub, source);
      expect(again).toMatchObject({ status: 'SUCCEEDED', read: 0 });
      const cases = await hub.db.selectFrom('case_record').select(['source_no', 'status']).orderBy('source_no').execute();
      expect(cases).toEqual([
        { source_no: 'WX-0001', status: 'IN_PROGRESS' },
        { source_no: 'WX-0002', status: 'ACCEPTED' },
        { source_no: 'WX-0005', status: 'HANDLED' },
      ]);
    } finally {
      await hub?.destroy();
      await single.remove();
    }
  });
});
