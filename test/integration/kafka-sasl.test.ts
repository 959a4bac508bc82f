/**
 * Kafka as operators run it, against the test broker's authenticated listeners (scripts/kafka.sh:
 * SASL_PLAINTEXT with PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512, and SASL_SSL with a CA of its own):
 * the hub's raw publisher, ingest worker and outbox relay with `kafka.sasl` (and `kafka.ssl`) under
 * a topic prefix, the S4 connector reading its source's Kafka with SASL (and TLS), and refused
 * credentials or an untrusted certificate answered with a coded error instead of a hang.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { FIXTURE_FILE, fixtureMessages } from '../../connectors/property-events/conformance';
import { eventsStream } from '../../connectors/property-events/events.stream';
import { propertyEventsConnector } from '../../connectors/property-events/index';
import { propertyEventsConfigSchema } from '../../connectors/property-events/property-events.config';
import { isHuijuError } from '../../src/errors';
import { createKafka } from '../../src/kafka/client';
import { listConsumedOffsets } from '../../src/kafka/consumed-offset.repository';
import { createHubOutboxRelay } from '../../src/kafka/hub-outbox-relay';
import { createIngestWorker } from '../../src/kafka/ingest-worker';
import { openRawPublisher } from '../../src/kafka/publish-raw';
import { rawTopic } from '../../src/kafka/raw-topic';
import { syncSource } from '../../src/ingest/sync/run-sync';
import type { ConnectorContext, ReadMessage } from '../../src/sdk/connector';
import type { SaslMechanism } from '../../src/sdk/transports/kafka/kafka-security';
import { describeWithSaslKafka, saslTestKafka } from '../support/services';
import { syntheticSource } from '../support/synthetic-people';
import { createTestHub, type TestHub } from '../support/test-hub';

const run = randomUUID().slice(0, 8);
const hasPostgres = Boolean(inject('databaseUrl'));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

describeWithSaslKafka('Kafka with SASL/SCRAM and TLS (real broker)', () => {
  // (when skipped, the suite is still collected: a stand-in keeps collection working)
  const sasl = saslTestKafka() ?? { brokers: [], sslBrokers: null, caFile: null, username: '', password: '' };
  const credentials = (mechanism: SaslMechanism, password = sasl.password) => ({ mechanism, username: sasl.username, password });
  const hubs: TestHub[] = [];
  const prefixes: string[] = [];
  const topics: string[] = [];
  let admin: Admin;

  beforeAll(async () => {
    admin = createKafka({ brokers: sasl.brokers, sasl: credentials('scram-sha-512'), clientId: 'huiju-test-sasl' }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    if (admin) {
      const mine = (await admin.listTopics()).filter((t) => topics.includes(t) || prefixes.some((p) => t.startsWith(p)));
      await admin.deleteTopics({ topics: mine }).catch(() => {});
      await admin.disconnect();
    }
  });

  /** A PostgreSQL hub whose Kafka is the SASL (or SASL_SSL) listener, under its own topic prefix. */
  async function saslHub(kafka: Record<string, unknown>): Promise<TestHub> {
    const h = await createTestHub('postgres', { config: { kafka: { partitions: 2, ...kafka } } });
    hubs.push(h);
    prefixes.push(h.config.kafka.topicPrefix);
    return h;
  }

  /** The hub's topics on the broker, those under its prefix and those under the default one for its sources. */
  async function topicsOf(prefix: string, sourceId: string): Promise<{ prefixed: string[]; unprefixed: string[] }> {
    const all = await admin.listTopics();
    return { prefixed: all.filter((t) => t.startsWith(prefix)).sort(), unprefixed: all.filter((t) => t.endsWith(`.${sourceId}`) && !t.startsWith(prefix)) };
  }

  /** Waits until the group's offsets in PostgreSQL reached the end of every partition of the raw topic (read over SASL). */
  async function waitApplied(h: TestHub, topic: string, group: string): Promise<void> {
    for (;;) {
      const ends = (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)] as const);
      const stored = new Map((await listConsumedOffsets(h.db, { group, topics: [topic] })).map((o) => [o.partition, o.nextOffset]));
      if (ends.every(([p, end]) => end === 0 || stored.get(p) === end)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const cases: { mechanism: SaslMechanism; tls: boolean }[] = [
    { mechanism: 'scram-sha-512', tls: false },
    { mechanism: 'scram-sha-256', tls: true },
  ];
  for (const { mechanism, tls } of cases) {
    const over = tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
    it.skipIf(!hasPostgres || (tls && !sasl.sslBrokers))(
      `${mechanism} over ${over}: publish → ingest → relay apply a source like an in-process sync, on prefixed topics only`,
      { timeout: 120_000 },
      async () => {
        const prefix = `t${run}.${mechanism.replace(/-/g, '')}.huiju.`;
        const id = `sasl-${mechanism}-${run}`;
        const brokers = tls ? sasl.sslBrokers! : sasl.brokers;
        const h = await saslHub({ brokers, sasl: credentials(mechanism), topicPrefix: prefix, ...(tls ? { ssl: { caFile: sasl.caFile } } : {}) });
        const source = syntheticSource(id, { count: 120, malformedEvery: 30 });

        const publisher = await openRawPublisher(h);
        try {
          const reports = await syncSource(h, source, { runStream: publisher.runStream });
          expect(reports[0]).toMatchObject({ status: 'SUCCEEDED', published: 120 });
        } finally {
          await publisher.close();
        }
        const group = `huiju-test-sasl-${run}-${mechanism}`;
        const worker = createIngestWorker(h, { sources: [source], groupId: group, sessionTimeout: 10_000 });
        await worker.start();
        try {
          await waitApplied(h, rawTopic(id, prefix), group);
        } finally {
          await worker.stop();
        }
        const relay = createHubOutboxRelay(h);
        let relayed: number;
        try {
          relayed = await relay.drain();
        } finally {
          await relay.stop();
        }

        // the same source in-process, on a hub without Kafka
        const local = await createTestHub('postgres');
        hubs.push(local);
        await syncSource(local, syntheticSource(id, { count: 120, malformedEvery: 30 }));
        // (the hubs have different PII keys, so their hashes differ: compare what the records say)
        const people = async (x: TestHub) => (await x.db.selectFrom('person').select(['name', 'birth_date', 'sex']).execute()).map((p) => `${p.name}|${String(p.birth_date)}|${p.sex}`).sort();
        const deadLetters = async (x: TestHub) => Number((await x.db.selectFrom('dead_letter').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        expect((await people(h)).length).toBeGreaterThan(100);
        expect(await people(h)).toEqual(await people(local));
        expect(await deadLetters(h)).toBe(await deadLetters(local));
        expect(await deadLetters(h)).toBeGreaterThan(0);
        expect(relayed).toBeGreaterThan(100);

        const { prefixed, unprefixed } = await topicsOf(prefix, id);
        expect(prefixed).toEqual([`${prefix}changes`, `${prefix}dlq.${id}`, `${prefix}raw.${id}`]);
        expect(unprefixed).toEqual([]);
        const changes = await admin.fetchTopicOffsets(`${prefix}changes`);
        expect(changes.reduce((n, o) => n + Number(o.high), 0)).toBe(relayed);
      },
    );
  }

  it.skipIf(!hasPostgres)('a wrong password is a coded KAFKA_AUTH_FAILED from the publisher, the worker and the relay, not a hang', { timeout: 60_000 }, async () => {
    const h = await saslHub({ brokers: sasl.brokers, sasl: credentials('scram-sha-512', 'not-the-password'), topicPrefix: `t${run}.wrong.` });
    const publishing = await openRawPublisher(h).then(
      async (p) => {
        await p.close();
        return null;
      },
      (err: unknown) => err,
    );
    expect(isHuijuError(publishing, 'KAFKA_AUTH_FAILED')).toBe(true);
    expect((publishing as Error).message).toMatch(/refused the SASL credentials \(kafka\.sasl\)/);
    expect((publishing as Error).message).not.toContain('not-the-password');

    const worker = createIngestWorker(h, { sources: [syntheticSource(`sasl-wrong-${run}`, { count: 1 })], groupId: `huiju-test-sasl-wrong-${run}` });
    const starting = await worker.start().then(
      () => null,
      (err: unknown) => err,
    );
    await worker.stop();
    expect(isHuijuError(starting, 'KAFKA_AUTH_FAILED')).toBe(true);

    const relay = createHubOutboxRelay(h);
    const relaying = await relay.relayOnce().then(
      () => null,
      (err: unknown) => err,
    );
    await relay.stop();
    expect(isHuijuError(relaying, 'KAFKA_AUTH_FAILED')).toBe(true);
  });

  describeWithSaslKafka('the S4 connector (property-events) reading its source Kafka', () => {
    const topic = `t${run}.property.events`;
    const messages = fixtureMessages();
    beforeAll(async () => {
      topics.push(topic);
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      const producer = createKafka({ brokers: sasl.brokers, sasl: credentials('plain') }).producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages });
      await producer.disconnect();
    });

    const context = (config: Record<string, unknown>): ConnectorContext<ReturnType<typeof propertyEventsConfigSchema.parse>> => ({
      config: propertyEventsConfigSchema.parse({ topic, maxMessageBytes: 4_096, ...config }),
      sourceId: `firms-${run}`,
      signal: new AbortController().signal,
      logger: quietLogger,
      baseDir: process.cwd(),
      allowPathsOutside: false,
    });

    async function readAll(config: Record<string, unknown>): Promise<ReadMessage[]> {
      const out: ReadMessage[] = [];
      for await (const m of eventsStream.read(context(config), null)) out.push(m);
      return out;
    }

    for (const mechanism of ['scram-sha-256', 'scram-sha-512', 'plain'] as const) {
      it(`reads every event of the topic with ${mechanism}`, { timeout: 60_000 }, async () => {
        const config = { brokers: sasl.brokers.join(','), sasl: credentials(mechanism) };
        expect(await propertyEventsConnector.check(context(config))).toMatchObject({ ok: true, message: `topic ${topic}: 2 partition(s), ${messages.length} message(s) retained` });
        const read = await readAll(config);
        expect(read.filter((m) => m.type !== 'checkpoint')).toHaveLength(messages.length);
        expect(messages.length).toBe(readFileSync(FIXTURE_FILE, 'utf8').split('\n').filter((l) => l.trim() !== '').length);
      });
    }

    it.skipIf(!sasl.sslBrokers)('reads over SASL_SSL with the CA file, and names an untrusted certificate', { timeout: 60_000 }, async () => {
      const config = { brokers: sasl.sslBrokers!, sasl: credentials('scram-sha-512'), ssl: { caFile: sasl.caFile } };
      const read = await readAll(config);
      expect(read.filter((m) => m.type === 'record' || m.type === 'failed')).toHaveLength(messages.length);
      // without the CA the system's CAs do not know the broker's certificate
      const untrusted = await propertyEventsConnector.check(context({ ...config, ssl: {} }));
      expect(untrusted).toMatchObject({ ok: false, kind: 'config' });
      expect(untrusted.ok === false && untrusted.message).toMatch(/TLS to Kafka at .* failed/);
    });

    it('a wrong password is a config failure (KAFKA_NOT_AUTHORIZED) from check() and read(), not a hang', { timeout: 60_000 }, async () => {
      const config = { brokers: sasl.brokers, sasl: credentials('scram-sha-256', 'not-the-password') };
      const checked = await propertyEventsConnector.check(context(config));
      expect(checked).toMatchObject({ ok: false, kind: 'config' });
      expect(checked.ok === false && checked.message).toMatch(/refused access/);
      const reading = await readAll(config).then(
        () => null,
        (err: unknown) => err,
      );
      expect(isHuijuError(reading, 'KAFKA_NOT_AUTHORIZED')).toBe(true);
      expect(JSON.stringify({ m: (reading as Error).message })).not.toContain('not-the-password');
    });
  });
});
