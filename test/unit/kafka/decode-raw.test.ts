import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decodeRawMessage } from '../../../src/kafka/decode-raw';
import { sealRecordData, sealValue } from '../../../src/kafka/sealed-fields';
import { createPiiVault } from '../../../src/pii/pii-vault';
import { rawHeaders, sourceOfRawTopic, rawTopic, dlqTopic } from '../../../src/kafka/raw-topic';
import { syntheticIdNumber, syntheticSource } from '../../support/synthetic-people';

const source = syntheticSource('t-unit', { count: 0 });
const base = { source: 't-unit', stream: 'people', schemaVersion: '1.0.0' };
const person = { id: 'p1', id_number: syntheticIdNumber(1), name: '居民1-0', household_no: 'H-0', updated_at: '2026-01-01T00:00:00.000Z' };

function message(value: string, headers: Record<string, string> | undefined, offset = '7'): KafkaMessage {
  return { key: Buffer.from('p1'), value: Buffer.from(value), headers, offset, timestamp: String(Date.UTC(2026, 4, 1)), attributes: 0, size: 0 } as KafkaMessage;
}

describe('decodeRawMessage', () => {
  it('maps a record message with the stream, keeping its read time and adding the Kafka position', () => {
    const d = decodeRawMessage(source, 'huiju.raw.t-unit', 2, message(JSON.stringify({ data: { ...person, updated_at: undefined }, position: { index: 4 }, readAt: '2026-02-02T00:00:00.000Z' }), rawHeaders('record', base) as Record<string, string>));
    expect(d.kind).toBe('record');
    if (d.kind !== 'record' || d.record.kind !== 'mapped') throw new Error('expected a mapped record');
    expect(d.record).toMatchObject({ source: 't-unit', stream: 'people', externalId: 'p1', version: '2026-02-02T00:00:00.000Z', position: { index: 4, topic: 'huiju.raw.t-unit', partition: 2, offset: 7 } });
    expect(d.record.changes.map((c) => c.entity)).toEqual(['person', 'household', 'residency']);
  });

  it('takes a message without huiju.kind as a bare record read at the message time', () => {
    const d = decodeRawMessage(source, 'huiju.raw.t-unit', 0, message(JSON.stringify({ ...person, updated_at: undefined }), undefined));
    if (d.kind !== 'record' || d.record.kind !== 'mapped') throw new Error('expected a mapped record');
    expect(d.record.version).toBe('2026-05-01T00:00:00.000Z');
  });

  it.each([
    ['not JSON', message('{"id": broken', rawHeaders('record', base) as Record<string, string>), 'BAD_MESSAGE', 'PARSE'],
    ['an envelope without data', message(JSON.stringify({ readAt: 'x' }), rawHeaders('record', base) as Record<string, string>), 'BAD_MESSAGE', 'PARSE'],
    ['an unknown stream', message(JSON.stringify({ data: person, readAt: 'x' }), rawHeaders('record', { ...base, stream: 'nope' }) as Record<string, string>), 'UNKNOWN_STREAM', 'PARSE'],
    ['a record the mapping rejects', message(JSON.stringify({ data: { id: 'p1' }, readAt: '2026-01-01T00:00:00Z' }), rawHeaders('record', base) as Record<string, string>), 'MISSING_FIELD', 'MAP'],
    ['a record the connector could not parse', message(JSON.stringify({ raw: 'garbage', reason: 'BAD_JSON', message: 'line 3 is not JSON' }), rawHeaders('failed', { ...base, failedReason: 'BAD_JSON' }) as Record<string, string>), 'BAD_JSON', 'PARSE'],
    ['a snapshot marker without its fields', message(JSON.stringify({ scope: 'p' }), rawHeaders('snapshot-end', base) as Record<string, string>), 'BAD_MESSAGE', 'PARSE'],
  ])('turns %s into a failed record with a reason code', (_what, m, reason, stage) => {
    const d = decodeRawMessage(source, 'huiju.raw.t-unit', 1, m);
    if (d.kind !== 'record' || d.record.kind !== 'failed') throw new Error('expected a failed record');
    expect(d.record).toMatchObject({ reason, stage, source: 't-unit', position: { topic: 'huiju.raw.t-unit', partition: 1, offset: 7 } });
    expect(d.record.message).not.toContain(person.id_number);
  });

  it('opens sealed values before mapping, exactly as the clear record maps, and dead-letters what does not open', () => {
    const vault = createPiiVault(randomBytes(32));
    const clear = decodeRawMessage(source, 'huiju.raw.t-unit', 2, message(JSON.stringify({ data: person, readAt: '2026-02-02T00:00:00.000Z' }), rawHeaders('record', base) as Record<string, string>), vault);
    const sealedData = sealRecordData(person, source.connector.streams[0]!.personalFields, vault);
    const text = JSON.stringify({ data: sealedData, readAt: '2026-02-02T00:00:00.000Z' });
    expect(text).not.toContain(person.id_number);
    const sealed = decodeRawMessage(source, 'huiju.raw.t-unit', 2, message(text, rawHeaders('record', base) as Record<string, string>), vault);
    expect(sealed).toEqual(clear);
    if (sealed.kind !== 'record' || sealed.record.kind !== 'mapped') throw new Error('expected a mapped record');
    expect(sealed.record.payload).toEqual(person);
    // a failed record's raw text, sealed whole
    const failed = decodeRawMessage(source, 'huiju.raw.t-unit', 2, message(JSON.stringify({ raw: sealValue('{"id": "p1", broken', vault), reason: 'BAD_JSON', message: 'm' }), rawHeaders('failed', base) as Record<string, string>), vault);
    expect(failed).toMatchObject({ record: { kind: 'failed', reason: 'BAD_JSON', payload: '{"id": "p1", broken' } });
    for (const other of [createPiiVault(randomBytes(32)), undefined]) {
      const d = decodeRawMessage(source, 'huiju.raw.t-unit', 2, message(text, rawHeaders('record', base) as Record<string, string>), other);
      expect(d).toMatchObject({ kind: 'record', record: { kind: 'failed', reason: 'SEALED_VALUE_UNREADABLE', stage: 'PARSE' } });
      expect(JSON.stringify(d)).not.toContain(person.id_number);
    }
  });

  it('reads a snapshot marker', () => {
    const marker = { snapshotId: 's1', stream: 'people', scope: 'p', asOf: '2026-03-01', since: '2026-02-28T10:00:00.000Z', partitions: 4 };
    expect(decodeRawMessage(source, 'huiju.raw.t-unit', 3, message(JSON.stringify(marker), rawHeaders('snapshot-end', base) as Record<string, string>))).toEqual({ kind: 'marker', marker });
  });

  it('names topics after the source', () => {
    expect(rawTopic('dazhi')).toBe('huiju.raw.dazhi');
    expect(dlqTopic('dazhi')).toBe('huiju.dlq.dazhi');
    expect(sourceOfRawTopic('huiju.raw.dazhi')).toBe('dazhi');
    expect(sourceOfRawTopic('other.topic')).toBeNull();
  });
});
