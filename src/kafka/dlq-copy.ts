/**
 * The `huiju.dlq.<source>` copies of dead letters, produced by the ingest worker inside the chunk's
 * transaction (ingest-worker.ts). A copy is for people and tools to look at; the dead letter in
 * PostgreSQL is the record of truth (full raw encrypted, replayable). So a copy must never stall
 * the worker:
 * - **bounded**: the value is the payload masked by its stream's personal-field declaration and cut
 *   to a `{"$truncated": true, "bytes", "head"}` marker past {@link dlqValueMaxBytes} (bounded-payload.ts);
 *   the `huiju.message` header is cut to {@link MESSAGE_HEADER_MAX_CHARS};
 * - **sent in sends that fit**: kafkajs puts one send's messages to a partition in one record batch,
 *   and the topic's `max.message.bytes` limits the batch, so copies go in groups under that limit;
 * - **never retried when the broker refuses them**: a non-retriable answer (`MESSAGE_TOO_LARGE`,
 *   `INVALID_RECORD`, an authorization failure; kafka-error.ts) sends the group's copies one by one,
 *   and a copy refused alone is left out — its dead letter is still committed in PostgreSQL — and
 *   reported (`DLQ_COPY_REJECTED` with the broker's answer) instead of failing the transaction.
 * Transient failures (broker restarting) still throw: the transaction rolls back and is retried.
 */
import type { IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';
import { boundPayload, PAYLOAD_COPY_MAX_BYTES } from '../ingest/bounded-payload';
import type { IngestRecord } from '../ingest/ingest-record';
import { maskFreeText } from '../domain/masking';
import { maskPersonalFields } from '../sdk/personal-fields';
import { permanentKafkaErrorType } from './kafka-error';
import { inSends, messageBytes, SEND_OVERHEAD_BYTES, sendBudget } from './sends-that-fit';

/** Longest `huiju.message` header, characters. */
export const MESSAGE_HEADER_MAX_CHARS = 1_000;

/** The largest value of one copy for a DLQ topic that takes `topicMaxBytes`: 256 KiB, or less on a small topic. */
export function dlqValueMaxBytes(topicMaxBytes: number): number {
  return Math.max(1_024, Math.min(PAYLOAD_COPY_MAX_BYTES, Math.floor((topicMaxBytes - SEND_OVERHEAD_BYTES) / 2)));
}

/** What a dead letter says about itself (an `ingestBatch` outcome of status `dead`). */
export interface DeadOutcome {
  stage: string;
  reason: string;
  message: string;
}

/** The DLQ copy of one dead letter: key as the raw message, bounded masked payload, context headers. */
export function deadLetterCopy(a: { record: IngestRecord; outcome: DeadOutcome; message: KafkaMessage; topic: string; partition: number; sourceId: string; valueMaxBytes: number }): Message {
  const masked = maskPersonalFields(a.record.payload ?? null, a.record.personalFields);
  return {
    key: a.message.key,
    value: JSON.stringify(boundPayload(masked, a.valueMaxBytes)),
    headers: {
      'huiju.context.topic': a.topic,
      'huiju.context.partition': String(a.partition),
      'huiju.context.offset': a.message.offset,
      'huiju.source': a.sourceId,
      'huiju.stream': a.record.stream,
      'huiju.stage': a.outcome.stage,
      'huiju.reason': a.outcome.reason,
      'huiju.message': maskFreeText(a.outcome.message).slice(0, MESSAGE_HEADER_MAX_CHARS),
      'content-type': 'application/json',
    },
  };
}

/** A copy the broker refused for good (left out; its dead letter is in PostgreSQL). */
export interface RejectedCopy {
  /** Offset of the raw message the dead letter came from. */
  offset: string;
  /** The broker's answer, e.g. `MESSAGE_TOO_LARGE`. */
  brokerError: string;
}

/**
 * Produces `copies` to `topic` (`acks: all`) in sends that stay under `topicMaxBytes`. Returns the
 * copies the broker refused with a non-retriable answer; throws on anything else.
 */
export async function sendDeadLetterCopies(producer: Pick<Producer, 'send'>, topic: string, copies: readonly Message[], topicMaxBytes: number): Promise<RejectedCopy[]> {
  const rejected: RejectedCopy[] = [];
  for (const group of inSends(copies, sendBudget(topicMaxBytes), messageBytes)) {
    try {
      await producer.send({ topic, acks: -1, messages: group });
    } catch (err) {
      const type = permanentKafkaErrorType(err);
      if (!type) throw err;
      if (group.length === 1) {
        rejected.push({ offset: offsetOf(group[0]!), brokerError: type });
        continue;
      }
      // which copy does the broker refuse? each alone
      for (const m of group) rejected.push(...(await sendDeadLetterCopies(producer, topic, [m], topicMaxBytes)));
    }
  }
  return rejected;
}

function offsetOf(m: Message): string {
  const v = (m.headers as IHeaders | undefined)?.['huiju.context.offset'];
  return v === undefined ? '?' : String(Array.isArray(v) ? v[0] : v);
}
