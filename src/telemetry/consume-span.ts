import { SpanKind } from '@opentelemetry/api';
import { tracingEnabled } from './tracing';
import { withSpan } from './with-span';

/**
 * Runs the handling of a batch fetched from one Kafka partition inside a CONSUMER span
 * `consume <topic>`, so the `ingest.apply` spans of its chunks (and their SQL) are its children.
 * Attributes: `messaging.system` = `kafka`, `messaging.operation.type` = `process`,
 * `messaging.destination.name` (the topic), `messaging.destination.partition.id`, and
 * `messaging.batch.message_count` when `messages` is given. Never a message key, header or value.
 *
 * For the ingest worker (src/kafka/ingest-worker.ts), around the handling of each fetched chunk:
 * `const event = await consumeSpan(topic, partition, () => applyChunk(…), chunk.length);`
 */
export function consumeSpan<T>(topic: string, partition: number, handle: () => Promise<T>, messages?: number): Promise<T> {
  if (!tracingEnabled()) return handle();
  return withSpan(
    `consume ${topic}`,
    {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      ...(messages === undefined ? {} : { 'messaging.batch.message_count': messages }),
    },
    handle,
    { kind: SpanKind.CONSUMER },
  );
}
