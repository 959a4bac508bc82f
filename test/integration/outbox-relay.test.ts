/**
 * The outbox relay against a real broker and real stores: change events reach the topic as
 * CloudEvents keyed by row, in order per row; a relay that dies between the broker's ack and the
 * mark publishes the same event (same id) again and loses none; two relays on one PostgreSQL
 * outbox neither publish nor mark an event twice; personal information never reaches the topic.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { createKafka } from '../../src/kafka/client';
import { type ChangeCloudEvent, createOutboxRelay, type OutboxRelayOptions } from '../../src/kafka/outbox-relay';
import { change } from '../../src/sdk/canonical-change';
import { runCli } from '../support/run-cli';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const ID = '420102199003070010';
const MOBILE = '13912345678';
const run = randomUUID().slice(0, 8);
let topicNo = 0;
const newTopic = () => `huiju.test.changes.${run}.${++topicNo}`;

const version = (k: number) => new Date(Date.UTC(2026, 5, 1, k)).toISOString();
/** Batch `k`: `areas` provinces, each renamed to `省<i>-<k>`: one event per province per batch. */
function renames(areas: number, k: number): MappedRecord[] {
  return Array.from({ length: areas }, (_, i) => {
    const code = `${11 + i}0000`;
    const changes = [change('adminArea', { code, name: `省${i}-${k}`, level: 'province', parentCode: null })];
    return { kind: 'mapped', source: 'relay-test', stream: 'areas', externalId: code, version: version(k), payload: { code, k }, changes } satisfies MappedRecord;
  });
}
const resident: MappedRecord = {
  kind: 'mapped',
  source: 'relay-test',
  stream: 'residents',
  externalId: `r-${ID}`,
  version: version(0),
  payload: { id: ID },
  changes: [change('person', { idNumber: ID, name: '张三', mobile: MOBILE, birthDate: '1990-03-07' })],
};

interface Received {
  partition: number;
  offset: number;
  key: string;
  value: string;
  contentType: string;
  event: ChangeCloudEvent;
}

/** Every message of `topic` (as many as its offsets say it holds), sorted by partition and offset. */
async function readTopic(kafka: Kafka, admin: Admin, topic: string): Promise<Received[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  if (total === 0) return [];
  const groupId = `huiju-test-relay-${run}-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 });
  const received: Received[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let allIn!: () => void;
    const done = new Promise<void>((r) => (allIn = r));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value?.toString() ?? '';
        received.push({
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? '',
          value,
          contentType: message.headers?.['content-type']?.toString() ?? '',
          event: JSON.parse(value) as ChangeCloudEvent,
        });
        if (received.length >= total) allIn();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${received.length}/${total} messages arrived in 60 s`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    await consumer.stop();
  } finally {
    await consumer.disconnect().catch(() => {});
    await admin.deleteGroups([groupId]).catch(() => {});
  }
  return received.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** For each row (message key), the provinces' `k` in the order the messages are in the topic. */
function versionsByKey(received: Received[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of received) {
    const data = r.event.data as { sources: { version: string }[] };
    out.set(r.key, [...(out.get(r.key) ?? []), data.sources[0]!.version]);
  }
  return out;
}

describeWithKafka('outbox relay (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'huiju-test-relay' });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    if (!admin) return;
    await admin.deleteTopics({ topics }).catch(() => {});
    await admin.disconnect();
  });

  describe.each(availableStoreKinds())('on %s', (kind) => {
    let hub: TestHub;
    const relayOn = (topic: string, options: OutboxRelayOptions = {}) => {
      topics.push(topic);
      return createOutboxRelay(hub.db, kafka, { topic, lockRows: kind === 'postgres', ...options });
    };
    const unpublished = async () => Number((await hub.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('published_at', 'is', null).executeTakeFirst())?.n);
    const outboxIds = async () => (await hub.db.selectFrom('outbox').select('event_id').orderBy('seq').execute()).map((r) => r.event_id);

    beforeAll(async () => {
      hub = await createTestHub(kind);
    });
    afterAll(async () => hub?.destroy());

    it('creates the topic and publishes every event once as a CloudEvent keyed by its row, in order per row, without personal information', async () => {
      for (let k = 0; k < 3; k++) await ingestBatch(hub.db, renames(5, k), { vault: hub.vault });
      await ingestBatch(hub.db, [resident], { vault: hub.vault });
      const rows = await hub.db.selectFrom('outbox').selectAll().orderBy('seq').execute();
      expect(rows).toHaveLength(16);

      const topic = newTopic();
      const relay = relayOn(topic, { batchSize: 4 });
      try {
        expect(await relay.drain()).toBe(16);
        expect(await relay.drain()).toBe(0);
      } finally {
        await relay.stop();
      }
      expect(await unpublished()).toBe(0);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);

      const received = await readTopic(kafka, admin, topic);
      expect(received).toHaveLength(16);
      expect(received.map((r) => r.event.id).sort()).toEqual(rows.map((r) => r.event_id).sort());
      const row = rows.find((r) => r.entity === 'person')!;
      const person = received.find((r) => r.event.id === row.event_id)!;
      expect(person.contentType).toBe('application/cloudevents+json; charset=UTF-8');
      expect(person.key).toBe(row.entity_id);
      expect(person.event).toEqual({
        specversion: '1.0',
        id: row.event_id,
        source: 'huiju/person',
        type: 'cn.huiju.person.created',
        subject: row.entity_id,
        time: new Date(row.created_at).toISOString(),
        datacontenttype: 'application/json',
        data: {
          entity: 'person',
          id: row.entity_id,
          operation: 'created',
          sources: [{ source: 'relay-test', stream: 'residents', externalId: 'r-420102***********0', version: version(0) }],
        },
      });
      for (const r of received) for (const clear of [ID, MOBILE, '张三', '1990-03-07']) expect(r.value).not.toContain(clear);

      // one row's events: one partition, in the order they were written
      const areas = received.filter((r) => r.event.source === 'huiju/adminArea');
      for (const [key, versions] of versionsByKey(areas)) {
        expect(new Set(areas.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
        expect(versions, `order of ${key}`).toEqual([version(0), version(1), version(2)]);
      }
      expect(areas.map((r) => r.event.type).filter((t) => t === 'cn.huiju.adminArea.created')).toHaveLength(5);
    });

    it('publishes an event again, with the same id, when the relay dies between the ack and the mark, and loses none', async () => {
      for (let k = 3; k < 5; k++) await ingestBatch(hub.db, renames(5, k), { vault: hub.vault });
      expect(await unpublished()).toBe(10);
      const topic = newTopic();
      let crashed: string[] = [];
      const dying = relayOn(topic, {
        batchSize: 4,
        afterPublish: (events) => {
          crashed = events.map((e) => e.id);
          throw new Error('relay process died');
        },
      });
      try {
        await expect(dying.relayOnce()).rejects.toThrow('relay process died');
      } finally {
        await dying.stop();
      }
      expect(crashed).toHaveLength(4);
      expect(await unpublished()).toBe(10);

      const relay = relayOn(topic);
      try {
        expect(await relay.drain()).toBe(10);
      } finally {
        await relay.stop();
      }
      expect(await unpublished()).toBe(0);

      const received = await readTopic(kafka, admin, topic);
      expect(received).toHaveLength(14);
      const ids = received.map((r) => r.event.id);
      const expected = (await outboxIds()).slice(-10);
      expect([...new Set(ids)].sort()).toEqual([...expected].sort());
      for (const id of crashed) {
        const copies = received.filter((r) => r.event.id === id);
        expect(copies).toHaveLength(2);
        expect(copies[0]!.value).toBe(copies[1]!.value);
      }
      // after de-duplication on id, each row's events are still in order
      const firstCopies = received.filter((r, i) => ids.indexOf(r.event.id) === i);
      for (const versions of versionsByKey(firstCopies).values()) expect(versions).toEqual([version(3), version(4)]);
    });

    it.runIf(kind === 'postgres')('lets two relays share one outbox: every event published and marked once, order per row kept', async () => {
      const areas = 20;
      const batches = 8;
      for (let k = 10; k < 10 + batches; k++) await ingestBatch(hub.db, renames(areas, k), { vault: hub.vault });
      expect(await unpublished()).toBe(areas * batches);
      const topic = newTopic();
      const marked = [0, 0];
      const relays = [0, 1].map((n) => relayOn(topic, { batchSize: 15, onPublished: (count) => (marked[n]! += count) }));
      try {
        await Promise.all(relays.map((r) => r.connect()));
        // a round may leave an event for the other relay (an earlier event of its row is there): go on until none is left
        for (let round = 0; round < 100 && (await unpublished()) > 0; round++) await Promise.all(relays.map((r) => r.drain()));
      } finally {
        await Promise.all(relays.map((r) => r.stop()));
      }
      expect(await unpublished()).toBe(0);
      expect(marked[0]! + marked[1]!).toBe(areas * batches);

      const received = await readTopic(kafka, admin, topic);
      expect(received).toHaveLength(areas * batches);
      expect(new Set(received.map((r) => r.event.id)).size).toBe(areas * batches);
      const order = versionsByKey(received);
      expect(order.size).toBe(areas);
      for (const [key, versions] of order) expect(versions, `order of ${key}`).toEqual(Array.from({ length: batches }, (_, i) => version(10 + i)));
    });

    it.runIf(kind === 'postgres')('runs as `huiju relay --once` and documents itself in --help', async () => {
      await ingestBatch(hub.db, renames(3, 30), { vault: hub.vault });
      const topic = newTopic();
      topics.push(topic);
      const env = { DATABASE_URL: hub.databaseUrl!, KAFKA_BROKERS: kafkaBrokers().join(','), HUIJU_CHANGES_TOPIC: topic, HUIJU_PII_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' };
      const result = await runCli(['relay', '--once', '--json'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ topic, published: 3, pruned: 0 });
      expect(await unpublished()).toBe(0);
      expect(await readTopic(kafka, admin, topic)).toHaveLength(3);

      const help = await runCli(['relay', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--once');
      expect(help.stdout).toContain('de-duplicate on the event id');
    });

    it('prunes published events past the retention, never unpublished ones', async () => {
      await ingestBatch(hub.db, renames(2, 40), { vault: hub.vault });
      const before = await hub.db.selectFrom('outbox').select(['seq', 'published_at']).execute();
      const published = before.filter((r) => r.published_at !== null);
      expect(published.length).toBeGreaterThan(2);
      const old = published.slice(0, 2).map((r) => r.seq);
      await hub.db.updateTable('outbox').set({ published_at: new Date(Date.now() - 8 * 86_400_000) }).where('seq', 'in', old).execute();
      // an unpublished event older than the retention stays
      await hub.db.updateTable('outbox').set({ created_at: new Date(Date.now() - 30 * 86_400_000) }).where('published_at', 'is', null).execute();
      // pruning needs no broker: these relays never connect
      expect(await createOutboxRelay(hub.db, kafka, { retentionDays: 0 }).prune()).toBe(0);
      expect(await createOutboxRelay(hub.db, kafka, { retentionDays: 7 }).prune()).toBe(2);
      const after = await hub.db.selectFrom('outbox').select('seq').execute();
      expect(after).toHaveLength(before.length - 2);
      expect(after.map((r) => r.seq)).not.toContain(old[0]);
      expect(await unpublished()).toBe(2);
    });
  });
});
