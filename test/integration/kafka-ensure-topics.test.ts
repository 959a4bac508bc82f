/**
 * `ensureTopics` when several workers start together (two ingest workers of the cluster): each
 * asks for the same new topics at once, all but one are told TOPIC_ALREADY_EXISTS, and each must
 * still be able to use the topic the moment `ensureTopics` returns — read its `max.message.bytes`,
 * produce to it. Real broker; each admin client is its own connection, as each worker's is.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createKafka } from '../../src/kafka/client';
import { ensureTopics, topicMaxMessageBytes } from '../../src/kafka/topic-admin';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';

describeWithKafka('ensureTopics under concurrent creation', () => {
  const resources = useKafkaTestResources();

  it('every caller can describe and produce to the topics as soon as it returns', async () => {
    const run = randomUUID().slice(0, 8);
    const topics = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => resources.topic(`huiju.test.ensure-${run}-${i}`));
    const admins = [0, 1, 2, 3, 4, 5].map(() => createKafka({ brokers: kafkaBrokers() }).admin());
    await Promise.all(admins.map((a) => a.connect()));
    try {
      const limits = await Promise.all(
        admins.map(async (admin) => {
          await ensureTopics(admin, topics, 3, { maxMessageBytes: 2_000_000 });
          return Promise.all(topics.map((t) => topicMaxMessageBytes(admin, t, 1)));
        }),
      );
      // every caller sees the hub's limit (not the fallback 1, not the broker default)
      expect(limits.flat()).toEqual(Array(admins.length * topics.length).fill(2_000_000));
      const meta = await admins[0]!.fetchTopicMetadata({ topics });
      expect(meta.topics.map((t) => t.partitions.length)).toEqual(topics.map(() => 3));
      expect(meta.topics.flatMap((t) => t.partitions.map((p) => p.leader >= 0))).not.toContain(false);
      const producer = createKafka({ brokers: kafkaBrokers() }).producer();
      await producer.connect();
      try {
        const sent = await producer.send({ topic: topics[2]!, messages: [{ key: 'k', value: 'v' }] });
        expect(sent[0]?.errorCode).toBe(0);
      } finally {
        await producer.disconnect();
      }
    } finally {
      await Promise.all(admins.map((a) => a.disconnect()));
    }
  });
});
