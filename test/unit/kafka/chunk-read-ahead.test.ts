import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ChunkReadAhead } from '../../../src/kafka/chunk-read-ahead';
import { decodeRawMessage } from '../../../src/kafka/decode-raw';
import { rawHeaders } from '../../../src/kafka/raw-topic';
import { createPiiVault, type PiiVault } from '../../../src/pii/pii-vault';
import { syntheticIdNumber, syntheticSource } from '../../support/synthetic-people';

const source = syntheticSource('t-ahead', { count: 0 });
const origin = { source, topic: 'huiju.raw.t-ahead', partition: 3 };
const headers = rawHeaders('record', { source: 't-ahead', stream: 'people', schemaVersion: '1.0.0' }) as Record<string, string>;

/** `n` record messages of people (every 10th not JSON) from offset `from`. */
function messages(n: number, from = 0): KafkaMessage[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    const data = { id: `p${k}`, id_number: syntheticIdNumber(k), name: `居民${k}`, household_no: `H-${k % 7}`, updated_at: '2026-01-01T00:00:00.000Z' };
    const value = k % 10 === 9 ? '{"broken' : JSON.stringify({ data, readAt: '2026-02-02T00:00:00.000Z' });
    return { key: Buffer.from(`p${k}`), value: Buffer.from(value), headers, offset: String(k), timestamp: String(Date.UTC(2026, 4, 1)), attributes: 0, size: 0 } as unknown as KafkaMessage;
  });
}

/** A real vault that counts the keyed hashes it makes (staging that prepares records hashes ID numbers). */
function countingVault(): { vault: PiiVault; hashes: () => number } {
  const vault = createPiiVault(randomBytes(32));
  let n = 0;
  const hash = vault.hash.bind(vault);
  const counting = (...args: Parameters<PiiVault['hash']>) => {
    n += 1;
    return hash(...args);
  };
  return { vault: { ...vault, hash: counting } as PiiVault, hashes: () => n };
}

describe('ChunkReadAhead', () => {
  it('hands each message over once, decoded as decodeRawMessage decodes it; then decodes afresh', async () => {
    const { vault } = countingVault();
    const ahead = new ChunkReadAhead({ vault });
    const chunk = messages(30);
    await ahead.read(origin, chunk, () => true);
    for (const m of chunk) {
      const first = ahead.decode(origin, m);
      expect(first).toEqual(decodeRawMessage(source, origin.topic, origin.partition, m, vault));
      // a retry decodes again: not the object an earlier attempt held
      const again = ahead.decode(origin, m);
      expect(again).toEqual(first);
      expect(again).not.toBe(first);
    }
  });

  it('gives the staged batch only for exactly the messages read, once, with the records decode hands over', async () => {
    const ahead = new ChunkReadAhead({ vault: countingVault().vault });
    const chunk = messages(20, 100);
    await ahead.read(origin, chunk, () => true);
    expect(ahead.takeStaged(chunk.slice(0, 19))).toBeUndefined();
    // the part taken above forgot the chunk: read it again for the exact case
    await ahead.read(origin, chunk, () => true);
    const staged = ahead.takeStaged([...chunk]);
    expect(staged?.length).toBe(20);
    expect(ahead.takeStaged(chunk)).toBeUndefined();
    const decoded = chunk.map((m) => ahead.decode(origin, m));
    expect(staged!.records).toEqual(decoded.map((d) => (d.kind === 'record' ? d.record : null)));
    // the same objects: dead-letter copies pair records with their messages by position
    expect(staged!.records.every((r, i) => r === (decoded[i] as { record: unknown }).record)).toBe(true);
    expect(staged!.mapped.length).toBe(18);
  });

  it('prepares the records while staging, unless the partition’s last chunk applied fewer than half', async () => {
    const counted = countingVault();
    const ahead = new ChunkReadAhead({ vault: counted.vault });
    await ahead.read(origin, messages(20), () => true);
    const eager = counted.hashes();
    expect(eager).toBeGreaterThan(0);
    ahead.noteApplied(origin.topic, origin.partition, 3, 20);
    await ahead.read(origin, messages(20, 20), () => true);
    expect(counted.hashes()).toBe(eager);
    // another partition is not a replay
    await ahead.read({ ...origin, partition: 4 }, messages(20, 40), () => true);
    expect(counted.hashes()).toBeGreaterThan(eager);
    ahead.noteApplied(origin.topic, origin.partition, 20, 20);
    const before = counted.hashes();
    await ahead.read(origin, messages(20, 60), () => true);
    expect(counted.hashes()).toBeGreaterThan(before);
  });

  it('stops when the worker stops, leaving no staged batch, and lets other work run while it reads', async () => {
    const ahead = new ChunkReadAhead({ vault: countingVault().vault });
    const chunk = messages(2_000);
    let running = true;
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
      if (ticks === 2) running = false;
    }, 0);
    await ahead.read(origin, chunk, () => running);
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(ahead.takeStaged(chunk)).toBeUndefined();
    // what was decoded before the stop is still handed over; the rest is decoded on demand
    expect(ahead.decode(origin, chunk[chunk.length - 1]!)).toEqual(decodeRawMessage(source, origin.topic, origin.partition, chunk[chunk.length - 1]!, undefined));
  });
});
