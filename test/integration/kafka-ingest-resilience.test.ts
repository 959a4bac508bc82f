/**
 * Ingest workers under disturbance, against the real broker and PostgreSQL: two workers of one
 * group splitting the partitions through rebalances, and PostgreSQL connections terminated under
 * a running worker again and again (what a database restart does to it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { createKafka } from '../../src/kafka/client';
import { createIngestWorker, type IngestBatchEvent } from '../../src/kafka/ingest-worker';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { peopleContents, publishSource, waitCaughtUp } from '../support/kafka-ingest';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticSource } from '../support/synthetic-people';
import { createTestHub, type TestHub } from '../support/test-hub';

const hasPostgres = Boolean(inject('databaseUrl'));

describeWithKafka('ingest workers under disturbance', () => {
  const hubs: TestHub[] = [];
  const topics: string[] = [];
  const run = randomUUID().slice(0, 8);
  const brokers = () => kafkaBrokers();
  const newHub = async (key: Buffer) => {
    const h = await createTestHub('postgres', { piiKey: key });
    hubs.push(h);
    return h;
  };
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    const admin = createKafka({ brokers: brokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => {});
    await admin.disconnect();
  });

  it.skipIf(!hasPostgres)('two workers in one group split the partitions and stay correct through rebalances', { timeout: 90_000 }, async () => {
    const key = randomBytes(32);
    const id = `t-pair-${run}`;
    topics.push(rawTopic(id), dlqTopic(id));
    // a second, newer export arrives once both workers are in: each of them gets work
    const first = { count: 4_000, versions: 2, shuffle: true, seed: 3 };
    const second = { count: 4_000, dayOffset: 5 };
    const local = await newHub(key);
    for (const config of [first, second]) {
      await syncSource(local, syntheticSource(id, config));
      await local.db.deleteFrom('connector_cursor').execute();
    }
    const h = await newHub(key);
    await publishSource(h, syntheticSource(id, first), brokers(), 6);
    await h.db.deleteFrom('connector_cursor').execute();

    const group = `huiju-test-${run}-pair`;
    const seen = { a: new Set<number>(), b: new Set<number>() };
    const events: IngestBatchEvent[] = [];
    const worker = (name: 'a' | 'b') =>
      createIngestWorker(h, {
        sources: [syntheticSource(id, first)],
        brokers: brokers(),
        groupId: group,
        // two workers of one group on one host: distinct instance ids (group-member.ts)
        instanceId: `worker-${name}`,
        maxBatchRecords: 150,
        sessionTimeout: 8_000,
        onBatch: (e) => {
          seen[name].add(e.partition);
          events.push(e);
        },
      });
    const until = (what: () => boolean, ms: number) =>
      (async () => {
        const end = Date.now() + ms;
        while (!what() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      })();
    const a = worker('a');
    await a.start();
    await until(() => events.length >= 5, 30_000);
    const b = worker('b'); // joins: the group rebalances, a gives up partitions mid-topic
    await b.start();
    await publishSource(h, syntheticSource(id, second), brokers(), 6);
    await until(() => seen.b.size > 0, 30_000);
    await a.stop(); // leaves: b takes everything over
    await waitCaughtUp(h.db, brokers(), id, group);
    await b.stop();

    expect(seen.a.size).toBeGreaterThan(0);
    expect(seen.b.size).toBeGreaterThan(0);
    expect(events.reduce((s, e) => s + e.records - e.skipped, 0)).toBe(12_000);
    expect(await peopleContents(h.db)).toEqual(await peopleContents(local.db));
    const names = await h.db.selectFrom('person').select('name').execute();
    expect(names.every((n) => /-5$/.test(n.name as string))).toBe(true);
  });

  it.skipIf(!hasPostgres)('recovers by itself when its PostgreSQL connections are terminated again and again', { timeout: 90_000 }, async () => {
    const key = randomBytes(32);
    const id = `t-pgkill-${run}`;
    topics.push(rawTopic(id), dlqTopic(id));
    const config = { count: 8_000, malformedEvery: 89 };
    const local = await newHub(key);
    await syncSource(local, syntheticSource(id, config));
    const h = await newHub(key);
    await publishSource(h, syntheticSource(id, config), brokers(), 3);

    const group = `huiju-test-${run}-pgkill`;
    const retries: string[] = [];
    let chunks = 0;
    const w = createIngestWorker(h, {
      sources: [syntheticSource(id, config)],
      brokers: brokers(),
      groupId: group,
      maxBatchRecords: 200,
      retry: { initialMs: 50, maxMs: 1_000 },
      onBatch: () => {
        chunks += 1;
      },
      onRetry: (e) => void retries.push(e.code),
    });
    const admin = new pg.Client({ connectionString: inject('databaseUrl')! });
    await admin.connect();
    const dbName = new URL(h.databaseUrl!).pathname.slice(1);
    await w.start();
    let terminated = 0;
    try {
      for (let k = 0; k < 8; k++) {
        const before = chunks;
        while (chunks === before) await new Promise((r) => setTimeout(r, 20));
        const r = await admin.query('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
        terminated += r.rows[0].n as number;
      }
      await waitCaughtUp(h.db, brokers(), id, group);
    } finally {
      await w.stop();
      await admin.end();
    }
    expect(terminated).toBeGreaterThan(0);
    console.info(`pg_terminate_backend test: ${terminated} connections terminated, ${retries.length} retries (${[...new Set(retries)].join(', ')})`);
    expect(await peopleContents(h.db)).toEqual(await peopleContents(local.db));
  });
});
