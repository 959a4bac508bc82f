/**
 * A throw-away topic on the test broker, filled with keyed messages: what the property-events
 * tests and its conformance fixture read from. Lives under test/ (it builds kafkajs producers
 * through src/kafka, which connectors may not import).
 */
import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { createKafka } from '../../../src/kafka/client';

/** One message to produce: a key (the object's key) and the value as written. */
export interface TestMessage {
  key: string | null;
  value: string | Buffer | null;
}

export interface TestTopic {
  topic: string;
  brokers: string[];
  /** Produces messages in one request, exactly once (idempotent producer), in order per key. */
  produce(messages: readonly TestMessage[]): Promise<void>;
  /** Deletes the topic. */
  remove(): Promise<void>;
}

/**
 * Creates a topic named `huiju.test.<prefix>.<random>` with `partitions` partitions and a
 * `max.message.bytes` of 4 MiB (so oversize test messages fit the broker).
 */
export async function createTestTopic(brokers: string[], prefix: string, partitions = 3): Promise<TestTopic> {
  const topic = `huiju.test.${prefix}.${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers, clientId: 'huiju-test-property-events' });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }] }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return {
    topic,
    brokers,
    async produce(messages) {
      // idempotent: a send retried on a slow broker must not write its messages twice (tests count them)
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value })) });
      } finally {
        await producer.disconnect();
      }
    },
    async remove() {
      const a = kafka.admin();
      await a.connect();
      try {
        await a.deleteTopics({ topics: [topic] }).catch(() => {});
      } finally {
        await a.disconnect();
      }
    },
  };
}
