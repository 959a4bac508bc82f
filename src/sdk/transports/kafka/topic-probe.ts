import { ConnectorError } from '../../connector-error';
import { createKafkaClient, kafkaFailure, withinMs, type KafkaConnectionOptions } from './kafka-connection';

/** What a topic holds right now. */
export interface TopicProbe {
  partitions: number;
  /** Messages retained, summed over partitions (high-water mark minus earliest offset). */
  messages: number;
}

/**
 * Answers "can this source be read?" for a connector's `check()`: connects, looks the topic up and
 * reads its offsets. Quick by default — one retry (`retries` default `1`) with the connect timeout
 * of {@link KafkaConnectionOptions} — so an unreachable broker is reported within seconds.
 * Throws `transient` `KAFKA_UNREACHABLE`, or `config` `KAFKA_TOPIC_NOT_FOUND`.
 */
export async function probeTopic(options: KafkaConnectionOptions & { topic: string }): Promise<TopicProbe> {
  const kafka = createKafkaClient({ ...options, retries: options.retries ?? 1 });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(options.topic)) {
      throw new ConnectorError('config', 'KAFKA_TOPIC_NOT_FOUND', `Kafka topic "${options.topic}" does not exist on ${options.brokers.join(',')}`);
    }
    const offsets = await admin.fetchTopicOffsets(options.topic);
    return { partitions: offsets.length, messages: offsets.reduce((sum, o) => sum + (Number(o.high) - Number(o.low)), 0) };
  } catch (err) {
    throw kafkaFailure(err, `looking up topic ${options.topic}`, options.brokers);
  } finally {
    await withinMs(5_000, () => admin.disconnect());
  }
}
