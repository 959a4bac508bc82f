/**
 * Poison never stalls (#14): against the real broker and PostgreSQL, messages whose dead-letter
 * copy is larger than the broker takes (600 KB of `"\` — twice that once JSON-escaped — and a 5 MB
 * value on a raw topic configured for large messages) are dead-lettered in PostgreSQL with their
 * full raw encrypted, their `huiju.dlq.<source>` copy cut to a bounded marker, and no partition waits
 * for them: a partition of poison beside a healthy one, both reach their end offset.
 * Assertions are on consumed offsets and rows, never on time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { createKafka } from '../../src/kafka/client';
import { listConsumedOffsets } from '../../src/kafka/consumed-offset.repository';
import { sendDeadLetterCopies } from '../../src/kafka/dlq-copy';
import { dlqTopic, rawHeaders, rawTopic } from '../../src/kafka/raw-topic';
import { endOffsets, ingestUntilCaughtUp, publishSource } from '../support/kafka-ingest';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticIdNumber, syntheticSource } from '../support/synthetic-people';
import { useKafkaTestResources } from '../support/kafka-test-resources';

const hasPostgres = Boolean(inject('databaseUrl'));
const MiB = 1024 * 1024;

describeWithKafka('poison messages never stall a worker', () => {
  const resources = useKafkaTestResources();
  const run = randomUUID().slice(0, 8);
  const brokers = () => kafkaBrokers();

  /** A raw topic of 2 partitions that takes 8 MiB messages (what an operator sets for large records). */
  async function bigRawTopic(id: string): Promise<void> {
    resources.source(id);
    await resources.admin().createTopics({ topics: [{ topic: rawTopic(id), numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: String(8 * MiB) }] }], waitForLeaders: true });
  }

  async function produce(topic: string, messages: { partition: number; key?: string | null; value: string; headers?: Record<string, string> }[]): Promise<void> {
    const producer = createKafka({ brokers: brokers() }).producer();
    await producer.connect();
    try {
      // one send per message: a 5 MB value and its neighbours stay apart
      for (const m of messages) await producer.send({ topic, acks: -1, messages: [m] });
    } finally {
      await producer.disconnect();
    }
  }

  /** The DLQ topic's messages (value sizes and parsed values). */
  async function readDlq(id: string, expected: number): Promise<{ bytes: number; value: Record<string, unknown> | string }[]> {
    const consumer = createKafka({ brokers: brokers() }).consumer({ groupId: `huiju-test-${run}-dlq-${id}` });
    const out: { bytes: number; value: Record<string, unknown> | string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [dlqTopic(id)], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${out.length} of ${expected} DLQ messages`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          out.push({ bytes: message.value!.length, value: JSON.parse(message.value!.toString('utf8')) as Record<string, unknown> | string });
          if (out.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return out;
  }

  it.skipIf(!hasPostgres)('dead-letters messages whose copy exceeds the broker limit, keeps their full raw encrypted, and goes on', { timeout: 120_000 }, async () => {
    const h = await resources.hub(randomBytes(32));
    const id = `t-oversize-${run}`;
    await bigRawTopic(id);
    const first = syntheticSource(id, { count: 300 });
    await publishSource(h, first, brokers(), 2);
    // bare messages that are not JSON: dead letters BAD_MESSAGE whose payload is the whole text
    const small = '"\\'.repeat(300_000); // 600 KB; its JSON copy is 1.2 MB > the 1 MB default
    const big = '"\\'.repeat(2_500_000); // 5 MB
    await produce(rawTopic(id), [
      { partition: 0, value: small },
      { partition: 1, value: big },
    ]);
    await h.db.deleteFrom('connector_cursor').execute();
    await publishSource(h, syntheticSource(id, { count: 300, dayOffset: 3 }), brokers(), 2); // healthy records behind the poison

    const group = `huiju-test-${run}-oversize`;
    await ingestUntilCaughtUp(h, first, brokers(), group, { maxBatchRecords: 100, retry: { initialMs: 50, maxMs: 500 } }, 90_000);

    const ends = await endOffsets(brokers(), rawTopic(id));
    const stored = await listConsumedOffsets(h.db, { group, topics: [rawTopic(id)] });
    expect(stored.map((o) => [o.partition, o.nextOffset]).sort()).toEqual([...ends].sort());
    const names = await h.db.selectFrom('person').select('name').execute();
    expect(names).toHaveLength(300);
    expect(names.every((n) => /-3$/.test(n.name as string))).toBe(true);

    const letters = await h.db.selectFrom('dead_letter').select(['reason_code', 'payload', 'payload_enc']).where('source', '=', id).execute();
    expect(letters.map((l) => l.reason_code)).toEqual(['BAD_MESSAGE', 'BAD_MESSAGE']);
    // the full raw stays, encrypted; what people see is bounded and says it was cut
    const raws = letters.map((l) => JSON.parse(h.vault.decrypt(l.payload_enc!)) as string).sort((a, b) => a.length - b.length);
    expect(raws).toEqual([small, big]);
    for (const l of letters) {
      expect(l.payload).toMatchObject({ $truncated: true });
      expect(JSON.stringify(l.payload).length).toBeLessThanOrEqual(256 * 1024);
    }
    const dlq = await readDlq(id, 2);
    expect(dlq).toHaveLength(2);
    for (const m of dlq) {
      expect(m.value).toMatchObject({ $truncated: true });
      expect(m.bytes).toBeLessThanOrEqual(256 * 1024);
    }
    expect(dlq.map((m) => (m.value as { bytes: number }).bytes).sort((a, b) => a - b)).toEqual([JSON.stringify(small).length, JSON.stringify(big).length]);
  });

  it.skipIf(!hasPostgres)('a partition of poison beside a healthy one: both reach their end offset', { timeout: 120_000 }, async () => {
    const h = await resources.hub(randomBytes(32));
    const id = `t-poisonpart-${run}`;
    await bigRawTopic(id);
    const source = syntheticSource(id, { count: 0 });
    const headers = rawHeaders('record', { source: id, stream: 'people', schemaVersion: '1.0.0' }) as Record<string, string>;
    const readAt = new Date().toISOString();
    const healthy = Array.from({ length: 500 }, (_, i) => ({
      partition: 1,
      key: `p${i}`,
      headers,
      value: JSON.stringify({ data: { id: `p${i}`, id_number: syntheticIdNumber(i), name: `居民${i}`, household_no: `H-${Math.floor(i / 3)}`, updated_at: readAt }, readAt }),
    }));
    // partition 0: nothing but poison, published before the healthy records
    await produce(rawTopic(id), Array.from({ length: 4 }, (_, k) => ({ partition: 0, value: `${k}${'"\\'.repeat(300_000)}` })));
    const producer = createKafka({ brokers: brokers() }).producer();
    await producer.connect();
    await producer.send({ topic: rawTopic(id), acks: -1, messages: healthy });
    await producer.disconnect();

    const group = `huiju-test-${run}-poisonpart`;
    await ingestUntilCaughtUp(h, source, brokers(), group, { maxBatchRecords: 100, retry: { initialMs: 50, maxMs: 500 } }, 90_000);

    const ends = await endOffsets(brokers(), rawTopic(id));
    expect(ends.get(0)).toBe(4);
    expect(ends.get(1)).toBe(500);
    const stored = new Map((await listConsumedOffsets(h.db, { group, topics: [rawTopic(id)] })).map((o) => [o.partition, o]));
    // the healthy partition's lag reached 0, and so did the poison partition's
    expect(stored.get(1)?.nextOffset).toBe(500);
    expect(stored.get(1)?.lag).toBe(0);
    expect(stored.get(0)?.nextOffset).toBe(4);
    const { n } = await h.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(500);
    const letters = await h.db.selectFrom('dead_letter').select('reason_code').where('source', '=', id).execute();
    expect(letters.map((l) => l.reason_code)).toEqual(['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE']);
  });

  it('a copy the broker refuses for good (MESSAGE_TOO_LARGE) is reported, not retried, and the others are sent', { timeout: 60_000 }, async () => {
    const topic = `huiju.dlq.t-small-${run}`;
    resources.topic(topic);
    const kafka = createKafka({ brokers: brokers() });
    await resources.admin().createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '65536' }] }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const copy = (offset: number, bytes: number) => ({ key: `k${offset}`, value: 'x'.repeat(bytes), headers: { 'huiju.context.offset': String(offset) } });
      // told the topic takes 1 MiB (an operator lowered it after): one send, refused, then each alone
      const rejected = await sendDeadLetterCopies(producer, topic, [copy(1, 1_000), copy(2, 100_000), copy(3, 1_000)], 1_048_588);
      expect(rejected).toEqual([{ offset: '2', brokerError: 'MESSAGE_TOO_LARGE' }]);
    } finally {
      await producer.disconnect();
    }
    const ends = await endOffsets(brokers(), topic);
    expect(ends.get(0)).toBe(2);
  });
});
