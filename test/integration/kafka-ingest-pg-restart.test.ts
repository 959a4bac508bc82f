/**
 * PostgreSQL really restarted under a running ingest worker (a child process), again and again:
 * a private throw-away cluster (test/support/private-postgres.ts) is stopped, stays down for a
 * moment (connections refused), and starts again. The worker keeps going by itself — no manual
 * step, no crash — and once it caught up the store holds exactly what one clean run wrote:
 * 0 lost, 0 duplicated, 0 divergent rows. (Full size: scripts/ingest-kill-test.ts --restart-postgres.)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKafka } from '../../src/kafka/client';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { runIngestChild } from '../support/ingest-child-runner';
import { canonicalDiff } from '../support/canonical-contents';
import { caughtUp, ingestUntilCaughtUp, peopleContents, publishSource } from '../support/kafka-ingest';
import { type PrivatePostgres, privatePostgresUnavailable, startPrivatePostgres } from '../support/private-postgres';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticSource } from '../support/synthetic-people';
import { createTestHub, type TestHub } from '../support/test-hub';

const unavailable = privatePostgresUnavailable();
const CI = process.env.CI === 'true';
if (unavailable && !CI) console.warn(`\n[services] ⚠  PostgreSQL restart test SKIPPED: ${unavailable}\n`);

/** Restarts, in order: how long the server stays down and how it is stopped. */
const RESTARTS = [
  { downMs: 1_000, mode: 'immediate' },
  { downMs: 2_500, mode: 'fast' },
  { downMs: 1_500, mode: 'immediate' },
  { downMs: 3_000, mode: 'immediate' },
] as const;

describeWithKafka('an ingest worker whose PostgreSQL restarts part-way', () => {
  const run = randomUUID().slice(0, 8);
  const sourceId = `t-pgrestart-${run}`;
  const hubs: TestHub[] = [];
  let pgp: PrivatePostgres | undefined;
  beforeAll(async () => {
    if (!unavailable) pgp = await startPrivatePostgres();
  });
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    await pgp?.destroy();
    const admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic(sourceId), dlqTopic(sourceId)] }).catch(() => {});
    await admin.disconnect();
  });

  it.runIf(unavailable && CI)('has a private PostgreSQL to restart (required under CI=true)', () => {
    throw new Error(`a private PostgreSQL cluster is required under CI=true but cannot be started: ${unavailable}`);
  });

  it.skipIf(unavailable)('keeps going by itself through real restarts: 0 lost, 0 duplicated, 0 divergent rows vs one clean run', { timeout: 150_000 }, async () => {
    const brokers = kafkaBrokers();
    const key = randomBytes(32);
    const clean = await createTestHub('postgres', { piiKey: key, adminUrl: pgp!.url });
    const restarted = await createTestHub('postgres', { piiKey: key, adminUrl: pgp!.url });
    hubs.push(clean, restarted);
    const source = syntheticSource(sourceId, { count: 20_000, malformedEvery: 101 });
    await publishSource(clean, source, brokers, 4);
    await ingestUntilCaughtUp(clean, source, brokers, `huiju-test-${run}-clean`, {}, 90_000);
    const a = await peopleContents(clean.db);

    const group = `huiju-test-${run}-restart`;
    const args = [restarted.databaseUrl!, key.toString('hex'), brokers.join(','), sourceId, group, '250'];
    let batches = 0;
    let exited = false;
    const child = runIngestChild(args, {
      until: () => caughtUp(restarted.db, brokers, sourceId, group),
      onBatch: (n) => {
        batches = n;
      },
    }).finally(() => {
      exited = true;
    });

    const restarts: { downMs: number; refused: boolean; atBatch: number }[] = [];
    for (const r of RESTARTS) {
      // a few chunks committed since the server last came back, then down again
      const since = batches;
      while (!exited && batches < since + 5) await new Promise((res) => setTimeout(res, 20));
      if (exited) break;
      const atBatch = batches;
      restarts.push({ ...(await pgp!.restart(r)), atBatch });
    }
    const afterLast = batches;
    const result = await child;
    const b = await peopleContents(restarted.db);
    const diff = canonicalDiff(a, b);
    const lost = Object.values(diff).reduce((s, x) => s + x.lost, 0);
    const extra = Object.values(diff).reduce((s, x) => s + x.extra, 0);
    console.info(
      `PostgreSQL restart test: ${source.id} 20000 records, ${restarts.length} restarts ` +
        `(down ${restarts.map((r) => `${(r.downMs / 1000).toFixed(1)} s at chunk ${r.atBatch}`).join(', ')}), ` +
        `${result.batches} chunks, ${result.retries.length} retries (${[...new Set(result.retries.map((x) => x.code))].join(', ')}), ` +
        `exit ${result.code}; lost ${lost}, duplicated/divergent ${extra}`,
    );

    // real restarts, all of them while the worker was still applying the topic
    expect(restarts).toHaveLength(RESTARTS.length);
    expect(restarts.every((r) => r.refused)).toBe(true);
    expect(result.batches).toBeGreaterThan(afterLast);
    // the outages were retried as what they are (a failure taken for permanent would split chunks and dead-letter good records)
    expect(result.retries.length).toBeGreaterThan(0);
    expect(result.retries.filter((x) => !x.transient)).toEqual([]);
    // the same worker process went on by itself and stopped cleanly at the end
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    // exactly what the clean run wrote
    expect(a.persons.length).toBeGreaterThan(19_000);
    expect(a.deadLetters.length).toBeGreaterThan(150);
    expect({ lost, extra }).toEqual({ lost: 0, extra: 0 });
    expect(b).toEqual(a);
  });
});
