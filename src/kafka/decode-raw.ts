import type { KafkaMessage } from 'kafkajs';
import type { IngestRecord } from '../ingest/ingest-record';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { toIngestRecord } from '../ingest/sync/to-ingest-record';
import type { PiiVault } from '../pii/pii-vault';
import type { JsonValue } from '../sdk/connector';
import { HuijuError } from '../errors';
import { mayHoldSealedValues, openSealedValues } from './sealed-fields';
import { HEADER, headerText, type RawFailedValue, type RawRecordValue, type SnapshotMarker } from './raw-topic';

/** A raw-topic message after decoding: something for the write path, or a snapshot marker. */
export type DecodedRaw = { kind: 'record'; record: IngestRecord } | { kind: 'marker'; marker: SnapshotMarker };

/**
 * Decodes one message of `huiju.raw.<source>` (contract in raw-topic.ts) and maps it with the
 * source's connector stream, exactly as an in-process sync maps what `read()` yields. Never
 * throws for bad input: a message that cannot be used becomes a failed record (a dead letter at
 * stage PARSE, reason `BAD_MESSAGE` / `UNKNOWN_STREAM` / the publisher's reason), with the raw
 * value as its payload. The position adds the message's topic, partition and offset.
 *
 * Values the publisher sealed (`{"$enc": …}`, see sealed-fields.ts) are decrypted with `vault`
 * before mapping, so the record is mapped and hashed exactly as read; messages in the older clear
 * format have none and are used as they are. A sealed value that does not open (another hub's
 * key, no `vault`) makes the message a dead letter `SEALED_VALUE_UNREADABLE`, its payload still sealed.
 */
export function decodeRawMessage(source: ResolvedSource, topic: string, partition: number, message: KafkaMessage, vault?: Pick<PiiVault, 'decrypt'>): DecodedRaw {
  const kafkaPosition = { topic, partition, offset: Number(message.offset) };
  const kind = headerText(message.headers, HEADER.kind);
  const streamName = headerText(message.headers, HEADER.stream) ?? (source.connector.streams.length === 1 ? source.connector.streams[0]!.name : undefined);
  const text = message.value?.toString('utf8') ?? '';
  const declared = source.connector.streams.find((s) => s.name === streamName)?.personalFields;
  const failed = (reason: string, msg: string, payload: unknown, position?: Record<string, unknown>, stage: 'PARSE' | 'MAP' = 'PARSE'): DecodedRaw => ({
    kind: 'record',
    record: {
      kind: 'failed',
      source: source.id,
      stream: streamName ?? '(unknown)',
      externalId: '',
      position: { ...position, ...kafkaPosition },
      stage,
      reason,
      message: msg,
      payload,
      ...(declared ? { personalFields: declared } : {}),
    },
  });

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return failed('BAD_MESSAGE', `message ${topic}[${partition}]@${message.offset} is not JSON`, text);
  }
  if (kind !== 'snapshot-end' && mayHoldSealedValues(text)) {
    try {
      if (!vault) throw new HuijuError('PII_DECRYPT_FAILED', 'no PII vault to open sealed values with');
      value = openSealedValues(value, vault);
    } catch {
      return failed('SEALED_VALUE_UNREADABLE', `message ${topic}[${partition}]@${message.offset} holds sealed values that do not open with this hub's PII key`, value);
    }
  }
  if (kind === 'snapshot-end') {
    const m = value as Partial<SnapshotMarker>;
    if (typeof m?.snapshotId === 'string' && typeof m.stream === 'string' && typeof m.scope === 'string' && typeof m.asOf === 'string' && typeof m.since === 'string' && Number.isInteger(m.partitions) && m.partitions! > 0) {
      return { kind: 'marker', marker: m as SnapshotMarker };
    }
    return failed('BAD_MESSAGE', 'snapshot-end marker without snapshotId, stream, scope, asOf, since and partitions', value);
  }
  const stream = source.connector.streams.find((s) => s.name === streamName);
  if (!stream) {
    return failed('UNKNOWN_STREAM', `header ${HEADER.stream} names no stream of connector ${source.connector.id} (${source.connector.streams.map((s) => s.name).join(', ')})`, value);
  }
  if (kind === 'failed') {
    const f = (value ?? {}) as Partial<RawFailedValue>;
    return failed(typeof f.reason === 'string' ? f.reason : (headerText(message.headers, HEADER.failed) ?? 'BAD_RECORD'), typeof f.message === 'string' ? f.message : 'the connector could not parse this record', f.raw ?? null, f.position);
  }
  let data: unknown = value;
  let position: Record<string, unknown> | undefined;
  let readAt = new Date(Number(message.timestamp)).toISOString();
  if (kind === 'record') {
    const v = value as Partial<RawRecordValue> | null;
    if (!v || typeof v !== 'object' || !('data' in v) || typeof v.readAt !== 'string') {
      return failed('BAD_MESSAGE', 'record message without data and readAt', value);
    }
    data = v.data;
    position = v.position;
    readAt = v.readAt;
  }
  try {
    return { kind: 'record', record: toIngestRecord(source, stream, data, { ...position, ...kafkaPosition } as Record<string, JsonValue>, readAt) };
  } catch (err) {
    // a mapping that throws something other than a coded RecordError: still a dead letter, never a crash
    return failed('MAP_FAILED', `the mapping of stream ${stream.name} threw ${(err as Error)?.name ?? 'an error'} without a reason code`, data, position, 'MAP');
  }
}
