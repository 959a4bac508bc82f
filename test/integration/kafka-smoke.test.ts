/**
 * Smoke test of the real Kafka broker through kafkajs (src/kafka/client.ts): admin, a keyed
 * producer and a consumer group over a 3-partition topic. What the ingest workers rely on:
 * every record arrives exactly once, one key always lands on one partition, and records of a
 * key arrive in the order they were produced.
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKafka } from '../../src/kafka/client';
import { describeWithKafka, kafkaBrokers } from '../support/services';

const KEYS = 10;
const PER_KEY = 10;
const TOTAL = KEYS * PER_KEY;

interface Received {
  partition: number;
  offset: bigint;
  key: string;
  value: string;
  seq: number;
}

describeWithKafka('Kafka smoke (real broker)', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `huiju.test.smoke.${run}`;
  const groupId = `huiju-test-smoke-${run}`;
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'huiju-test-smoke' });
    admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    // A short fetch wait: stop() waits for the in-flight fetch, which long-polls up to maxWaitTimeInMs.
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 });
    await Promise.all([producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => {});
    await producer?.disconnect().catch(() => {});
    if (admin) {
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.deleteGroups([groupId]).catch(() => {});
      await admin.disconnect();
    }
  });

  it('delivers 100 keyed records exactly once, in order per key and partition, to a consumer group', async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    // Interleave the keys (k0:0, k1:0, ..., k9:0, k0:1, ...) and send in 4 batches.
    const messages = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      for (let k = 0; k < KEYS; k++) messages.push({ key: `k${k}`, value: `k${k}:${seq}` });
    }
    for (let i = 0; i < TOTAL; i += 25) {
      await producer!.send({ topic, acks: -1, messages: messages.slice(i, i + 25) });
    }

    const received: Received[] = [];
    let allIn!: () => void;
    const done = new Promise<void>((r) => (allIn = r));
    await consumer!.subscribe({ topics: [topic], fromBeginning: true });
    await consumer!.run({
      eachMessage: async ({ partition, message }) => {
        // No expect() here: a throw would make kafkajs redeliver. Check after the run.
        const key = message.key?.toString() ?? '';
        const value = message.value?.toString() ?? '';
        received.push({ partition, offset: BigInt(message.offset), key, value, seq: Number(value.split(':')[1]) });
        if (received.length >= TOTAL) allIn();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${received.length}/${TOTAL} records arrived in 45 s`)), 45_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // Give a duplicate the chance to show up, then stop (which commits the group's offsets).
    await new Promise((r) => setTimeout(r, 500));
    await consumer!.stop();

    // Exactly once.
    expect(received).toHaveLength(TOTAL);
    for (const r of received) expect(r.value.startsWith(`${r.key}:`), `key of ${r.value}`).toBe(true);
    const values = new Set(received.map((r) => r.value));
    expect(values.size).toBe(TOTAL);
    expect([...values].sort()).toEqual(messages.map((m) => m.value).sort());

    // One partition per key, keys spread over partitions, order kept per key and per partition.
    const byKey = new Map<string, Received[]>();
    const byPartition = new Map<number, Received[]>();
    for (const r of received) {
      byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
      byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
    }
    expect(byKey.size).toBe(KEYS);
    for (const [key, rs] of byKey) {
      expect(new Set(rs.map((r) => r.partition)).size, `partitions of ${key}`).toBe(1);
      expect(rs.map((r) => r.seq), `order of ${key}`).toEqual([...Array(PER_KEY).keys()]);
    }
    expect(byPartition.size).toBeGreaterThan(1);
    for (const [partition, rs] of byPartition) {
      for (let i = 1; i < rs.length; i++) {
        expect(rs[i]!.offset, `offsets of partition ${partition}`).toBeGreaterThan(rs[i - 1]!.offset);
      }
    }

    // The group committed everything it consumed.
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const endOf = new Map(ends.map((e) => [e.partition, e.high]));
    expect(committed?.partitions).toHaveLength(3);
    for (const p of committed!.partitions) {
      expect(p.offset, `committed offset of partition ${p.partition}`).toBe(endOf.get(p.partition));
    }
  });
});
