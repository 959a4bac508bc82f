import { afterAll, beforeAll } from 'vitest';
import type { Admin } from 'kafkajs';
import { createKafka } from '../../src/kafka/client';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { kafkaBrokers } from './services';
import { createTestHub, type TestHub } from './test-hub';

/** What {@link useKafkaTestResources} hands a Kafka test: hubs and topics it cleans up after the suite. */
export interface KafkaTestResources {
  /** The connected admin client (after `beforeAll`). */
  admin(): Admin;
  /** A fresh PostgreSQL test hub, destroyed after the suite. */
  hub(piiKey?: Buffer): Promise<TestHub>;
  /** Marks a source's raw and DLQ topics for deletion after the suite; returns the id. */
  source(id: string): string;
  /** Marks any topic for deletion after the suite; returns its name. */
  topic(name: string): string;
}

/**
 * Registers, in the calling `describe`, an admin client connected before the tests and, after
 * them, the destruction of every hub made and the deletion of every topic marked.
 */
export function useKafkaTestResources(): KafkaTestResources {
  const hubs: TestHub[] = [];
  const topics: string[] = [];
  let admin: Admin | undefined;
  beforeAll(async () => {
    admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    if (admin) {
      const existing = new Set(await admin.listTopics());
      await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) }).catch(() => {});
      await admin.disconnect();
    }
  });
  return {
    admin: () => {
      if (!admin) throw new Error('the Kafka admin client connects in beforeAll');
      return admin;
    },
    async hub(piiKey) {
      const h = await createTestHub('postgres', piiKey ? { piiKey } : {});
      hubs.push(h);
      return h;
    },
    source(id) {
      topics.push(rawTopic(id), dlqTopic(id));
      return id;
    },
    topic(name) {
      topics.push(name);
      return name;
    },
  };
}
