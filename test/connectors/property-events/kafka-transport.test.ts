/**
 * The event-log transport (src/sdk/transports/kafka): message decoding, the offsets cursor, the
 * JSON Lines file mode, and the bounded topic read against the real test broker.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../../src/kafka/client';
import type { JsonValue, ReadMessage } from '../../../src/sdk/connector';
import { ConnectorError } from '../../../src/sdk/connector-error';
import { decodeJsonMessage, parseOffsetsCursor, probeTopic, readJsonLinesLog, readTopicToEnd } from '../../../src/sdk/transports/kafka/index';
import { startDeadBroker } from '../../support/dead-broker';
import { describeWithKafka, kafkaBrokers } from '../../support/services';
import { createTestTopic, type TestTopic } from './kafka-test-topic';

async function collect(messages: AsyncIterable<ReadMessage>, onMessage?: (m: ReadMessage) => void | Promise<void>): Promise<ReadMessage[]> {
  const out: ReadMessage[] = [];
  for await (const m of messages) {
    out.push(m);
    await onMessage?.(m);
  }
  return out;
}

const records = (ms: ReadMessage[]) => ms.filter((m) => m.type === 'record').map((m) => (m as { data: { n: number } }).data.n);
const failures = (ms: ReadMessage[]) => ms.filter((m) => m.type === 'failed').map((m) => (m as { reason: string }).reason);
const checkpoints = (ms: ReadMessage[]) => ms.filter((m) => m.type === 'checkpoint').map((m) => (m as { cursor: JsonValue }).cursor);

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describe('decodeJsonMessage', () => {
  it('parses a JSON object from bytes or text, dropping a byte-order mark', () => {
    expect(decodeJsonMessage(Buffer.from('{"a":1}'), 100, 'x')).toEqual({ ok: true, value: { a: 1 }, bytes: 7 });
    expect(decodeJsonMessage('\uFEFF{"a":"汇聚"}', 100, 'x')).toMatchObject({ ok: true, value: { a: '汇聚' } });
    expect(decodeJsonMessage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":2}')]), 100, 'x')).toMatchObject({ ok: true, value: { a: 2 } });
  });

  it('names each failure with a reason code and never quotes the value in the message', () => {
    const oversize = decodeJsonMessage(Buffer.from(`{"content":"${'长'.repeat(100)}"}`), 64, 'p0@5');
    expect(oversize).toMatchObject({ ok: false, reason: 'OVERSIZE_MESSAGE', bytes: 314 });
    expect(oversize.ok === false && oversize.message).toBe('p0@5 is 314 bytes, more than maxMessageBytes (64)');
    expect(decodeJsonMessage(Buffer.from([0x7b, 0xc4, 0xe3, 0x7d]), 100, 'x')).toMatchObject({ ok: false, reason: 'BAD_ENCODING' });
    const bad = decodeJsonMessage('{"name":"张三", oops', 100, 'f:3');
    expect(bad).toMatchObject({ ok: false, reason: 'BAD_JSON', message: 'f:3 is not valid JSON', raw: '{"name":"张三", oops' });
    expect(decodeJsonMessage('[1,2]', 100, 'x')).toMatchObject({ ok: false, reason: 'BAD_JSON', message: 'x is JSON but not an object' });
    expect(decodeJsonMessage(null, 100, 'x')).toMatchObject({ ok: false, reason: 'EMPTY_MESSAGE' });
  });
});

describe('parseOffsetsCursor', () => {
  it('reads null as "from the start" and partition offsets as numbers', () => {
    expect(parseOffsetsCursor(null)).toEqual(new Map());
    expect(parseOffsetsCursor({ '0': 12, '2': '7' })).toEqual(new Map([[0, 12], [2, 7]]));
  });

  it('refuses a cursor this transport never wrote, as a system failure', () => {
    for (const bad of [[1, 2], 'x', { a: 1 }, { '0': -1 }, { '0': 1.5 }] as JsonValue[]) {
      expect(() => parseOffsetsCursor(bad)).toThrow(expect.objectContaining({ kind: 'system', code: 'BAD_CURSOR' }));
    }
  });
});

describe('readJsonLinesLog (file mode)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiju-jsonl-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const read = (file: string, cursor: JsonValue | null, extra: { maxMessageBytes?: number; checkpointEvery?: number; signal?: AbortSignal } = {}) =>
    collect(readJsonLinesLog({ file, cursor, maxMessageBytes: extra.maxMessageBytes ?? 1024, signal: extra.signal ?? new AbortController().signal, checkpointEvery: extra.checkpointEvery }));

  it('reads each line once as a one-partition log, with the same failures as the topic read', async () => {
    const file = join(dir, 'a.jsonl');
    const lines = ['{"n":1}', '', 'not json', `{"n":2,"pad":"${'x'.repeat(200)}"}`, '{"n":3}\r', '{"n":4}'];
    await writeFile(file, lines.join('\n'));
    const all = await read(file, null, { maxMessageBytes: 100 });
    expect(records(all)).toEqual([1, 3, 4]);
    expect(failures(all)).toEqual(['BAD_JSON', 'OVERSIZE_MESSAGE']);
    expect(all.find((m) => m.type === 'failed')).toMatchObject({ position: { file: 'a.jsonl', line: 3 } });
    expect(checkpoints(all)).toEqual([{ '0': 6 }]);
  });

  it('resumes after the cursor, reading appended lines only, with a checkpoint every N lines', async () => {
    const file = join(dir, 'b.jsonl');
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3}\n');
    const first = await read(file, null, { checkpointEvery: 2 });
    expect(records(first)).toEqual([1, 2, 3]);
    expect(checkpoints(first)).toEqual([{ '0': 2 }, { '0': 3 }]);
    expect(await read(file, { '0': 3 })).toEqual([]);
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n');
    const again = await read(file, { '0': 3 });
    expect(records(again)).toEqual([4]);
    expect(checkpoints(again)).toEqual([{ '0': 4 }]);
  });

  it('stops at once when aborted, and fails as config when the file is missing', async () => {
    const file = join(dir, 'c.jsonl');
    await writeFile(file, Array.from({ length: 100 }, (_, n) => JSON.stringify({ n })).join('\n'));
    const controller = new AbortController();
    const got = await collect(readJsonLinesLog({ file, cursor: null, maxMessageBytes: 1024, signal: controller.signal }), (m) => {
      if (m.type === 'record') controller.abort();
    });
    expect(got).toHaveLength(1);
    const err = await rejection(read(join(dir, 'missing.jsonl'), null));
    expect(err).toMatchObject({ kind: 'config', code: 'FILE_NOT_FOUND' });
  });
});

describeWithKafka('readTopicToEnd (real broker)', () => {
  let t: TestTopic;
  const options = (cursor: JsonValue | null, signal = new AbortController().signal) => ({
    brokers: t.brokers,
    topic: t.topic,
    cursor,
    maxMessageBytes: 2_048,
    signal,
    clientId: 'huiju-test-transport',
  });
  const value = (n: number, key: string) => JSON.stringify({ n, key });
  const first = Array.from({ length: 30 }, (_, n) => ({ key: `k${n % 7}`, value: value(n, `k${n % 7}`) }));

  beforeAll(async () => {
    t = await createTestTopic(kafkaBrokers(), 'transport', 3);
    await t.produce(first);
  });
  afterAll(async () => {
    await t?.remove();
  });

  it('reads every message once, in order per partition, with checkpoints that only move forward', async () => {
    const all = await collect(readTopicToEnd(options(null)));
    expect(records(all).sort((a, b) => a - b)).toEqual(first.map((_, n) => n));
    const byPartition = new Map<number, number[]>();
    for (const m of all) {
      if (m.type !== 'record') continue;
      const p = m.position!.partition as number;
      byPartition.set(p, [...(byPartition.get(p) ?? []), m.position!.offset as number]);
    }
    for (const offsets of byPartition.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const cursors = checkpoints(all) as Record<string, number>[];
    expect(cursors.length).toBeGreaterThan(0);
    for (let i = 1; i < cursors.length; i++) for (const [p, o] of Object.entries(cursors[i - 1]!)) expect(cursors[i]![p]).toBeGreaterThanOrEqual(o);
    const last = cursors.at(-1)!;
    expect(Object.values(last).reduce((s, o) => s + o, 0)).toBe(30);
    expect(Object.keys(last).sort()).toEqual(['0', '1', '2']);
  });

  it('resumes from any checkpoint without reading a message twice, and reads only what is new', async () => {
    const all = await collect(readTopicToEnd(options(null)));
    const cursors = checkpoints(all);
    const seenBefore = (cut: number) => {
      let n = 0;
      for (const m of all.slice(0, cut)) if (m.type === 'record') n++;
      return n;
    };
    const mid = all.findIndex((m) => m.type === 'checkpoint');
    const rest = await collect(readTopicToEnd(options(all[mid]!.type === 'checkpoint' ? (all[mid] as { cursor: JsonValue }).cursor : null)));
    expect(records(rest).length + seenBefore(mid)).toBe(30);
    expect(new Set([...records(rest), ...records(all.slice(0, mid))]).size).toBe(30);

    expect(await collect(readTopicToEnd(options(cursors.at(-1)!)))).toEqual([]);
    await t.produce([{ key: 'k1', value: value(100, 'k1') }, { key: 'k2', value: value(101, 'k2') }]);
    const more = await collect(readTopicToEnd(options(cursors.at(-1)!)));
    expect(records(more).sort()).toEqual([100, 101]);
  });

  it('stops at the end offsets seen when it started: later messages wait for the next run', async () => {
    let produced = false;
    const all = await collect(readTopicToEnd(options(null)), async (m) => {
      if (m.type === 'record' && !produced) {
        produced = true;
        await t.produce(Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: value(200 + i, `k${i}`) })));
      }
    });
    expect(records(all).filter((n) => n >= 200)).toEqual([]);
    expect(records(all)).toHaveLength(32);
    const next = await collect(readTopicToEnd(options(checkpoints(all).at(-1)!)));
    expect(records(next).sort()).toEqual([200, 201, 202, 203, 204, 205]);
  });

  it('turns an oversize value, invalid JSON and a tombstone into failed messages and reads on', async () => {
    const own = await createTestTopic(t.brokers, 'transport-bad', 1);
    try {
      await own.produce([
        { key: 'a', value: value(1, 'a') },
        { key: 'a', value: JSON.stringify({ n: 2, pad: 'x'.repeat(5_000) }) },
        { key: 'a', value: '{"n": 3,' },
        { key: 'a', value: null },
        { key: 'a', value: Buffer.from([0x7b, 0xc4, 0xe3, 0x7d]) },
        { key: 'a', value: value(4, 'a') },
      ]);
      const all = await collect(readTopicToEnd({ ...options(null), topic: own.topic }));
      expect(records(all)).toEqual([1, 4]);
      expect(failures(all)).toEqual(['OVERSIZE_MESSAGE', 'BAD_JSON', 'EMPTY_MESSAGE', 'BAD_ENCODING']);
      const oversize = all.find((m) => m.type === 'failed') as { message: string; raw: string; position: Record<string, JsonValue> };
      expect(oversize.position).toEqual({ topic: own.topic, partition: 0, offset: 1 });
      expect(oversize.raw.length).toBeLessThanOrEqual(1_000);
      expect(checkpoints(all).at(-1)).toEqual({ '0': 6 });
    } finally {
      await own.remove();
    }
  });

  it('stops promptly when aborted mid-read or when the caller stops iterating, and leaves no consumer group behind', async () => {
    const controller = new AbortController();
    // promptly = by count: the read ends at the record it was aborted on, of the 38 on the topic
    const got = await collect(readTopicToEnd({ ...options(null, controller.signal), groupIdPrefix: 'huiju-test-cancel' }), (m) => {
      if (m.type === 'record') controller.abort();
    });
    expect(got.filter((m) => m.type === 'record')).toHaveLength(1);

    let n = 0;
    for await (const m of readTopicToEnd({ ...options(null), groupIdPrefix: 'huiju-test-cancel' })) if (m.type === 'record' && ++n === 2) break;
    expect(n).toBe(2);

    const admin = createKafka({ brokers: t.brokers }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.filter((g) => g.groupId.startsWith('huiju-test-cancel'))).toEqual([]);
    } finally {
      await admin.disconnect();
    }

    const aborted = new AbortController();
    aborted.abort();
    expect(await collect(readTopicToEnd(options(null, aborted.signal)))).toEqual([]);
  });

  it('fails as config for a missing topic and as transient for an unreachable broker', async () => {
    const missing = await rejection(collect(readTopicToEnd({ ...options(null), topic: 'huiju.test.no-such-topic' })));
    expect(missing).toMatchObject({ kind: 'config', code: 'KAFKA_TOPIC_NOT_FOUND' });
    // retries: 0 gives up after the first dropped connection: counted, not timed
    const broker = await startDeadBroker();
    try {
      const gone = await rejection(collect(readTopicToEnd({ ...options(null), brokers: [broker.address], retries: 0 })));
      expect(gone).toMatchObject({ kind: 'transient', code: 'KAFKA_UNREACHABLE' });
      expect(broker.connections(), 'connection attempts').toBe(1);
    } finally {
      await broker.close();
    }
  });

  it('probes a topic for check(): partitions and retained messages', async () => {
    expect(await probeTopic({ brokers: t.brokers, topic: t.topic })).toEqual({ partitions: 3, messages: 38 });
    expect(await rejection(probeTopic({ brokers: t.brokers, topic: 'huiju.test.no-such-topic' }))).toMatchObject({ kind: 'config' });
  });
});
