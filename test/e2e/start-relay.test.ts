/**
 * `huiju start` with KAFKA_BROKERS on a fresh embedded store: the demo data's change events go
 * out through the relay inside the process, and /metrics shows the backlog draining.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store';
import { createKafka } from '../../src/kafka/client';
import { parseExposition } from '../support/prometheus-exposition';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { waitFor } from '../support/wait-for';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');


describeWithKafka('huiju start with Kafka configured', () => {
  const topic = `huiju.test.changes.start.${randomUUID().slice(0, 8)}`;
  const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-start-relay-')), 'data');
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    const admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  // its own waits (start: up to 180 s, drain: 120 s) bound it; a busy machine needs them
  it('publishes the demo data change events from inside the process and shows the backlog drain in /metrics', { timeout: 360_000 }, async () => {
    let output = '';
    child = spawn(process.execPath, [BIN, 'start', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', HUIJU_PII_KEY: '', HUIJU_DATA_DIR: dataDir, KAFKA_BROKERS: kafkaBrokers().join(','), HUIJU_CHANGES_TOPIC: topic, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const url = await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(output)?.[1], 180_000, () => `the hub to start:\n${output}`);
    expect(output).toContain(`Publishing change events to Kafka topic ${topic}`);

    const drained = await waitFor(
      async () => {
        const m = parseExposition(await (await fetch(`${url}/metrics`)).text());
        return m.value('huiju_outbox_backlog_events') === 0 ? m : undefined;
      },
      120_000,
      () => `the outbox to drain:\n${output}`,
    );
    const published = drained.value('huiju_outbox_events_published_total')!;
    expect(published).toBeGreaterThan(100);
    await new Promise<void>((res) => {
      child!.once('exit', () => res());
      child!.kill('SIGTERM');
    });
    expect(child.exitCode).toBe(0);

    const store = await openStore({ dataDir });
    let events: number;
    try {
      const row = await store.db.selectFrom('outbox').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('published_at').as('published')]).executeTakeFirstOrThrow();
      expect(Number(row.published)).toBe(Number(row.n));
      events = Number(row.n);
    } finally {
      await store.close();
    }
    expect(published).toBe(events);
    const admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(events);
    } finally {
      await admin.disconnect();
    }
    // no personal identifier reached the log
    expect(output).not.toMatch(/\d{17}[\dX]/);
  });
});
