/**
 * The commands of distributed mode end to end, against the real broker and PostgreSQL:
 * `huiju connectors sync <source>` with KAFKA_BROKERS set publishes to `huiju.raw.<source>`, and
 * `huiju ingest` applies it until SIGTERM — the same rows as `connectors sync --local`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, inject, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { createKafka } from '../../src/kafka/client';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { caughtUp } from '../support/kafka-ingest';
import { runCli } from '../support/run-cli';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { createTestHub, type TestHub } from '../support/test-hub';

async function organizations(db: Kysely<Database>) {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
  return {
    organizations: await q('select natural_key, kind, name, uscc, status from organization order by natural_key'),
    lineage: await q('select source, stream, external_id, entity, payload_hash, source_version from source_record order by 1, 2, 3, 4, 5, 6'),
    deadLetters: await q('select source, stream, stage, reason_code, payload_hash from dead_letter order by payload_hash, reason_code'),
  };
}

describeWithKafka('huiju connectors sync (publishing) and huiju ingest', () => {
  const run = randomUUID().slice(0, 8);
  const id = `t-cli-${run}`;
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    const admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic(id), dlqTopic(id)] }).catch(() => {});
    await admin.disconnect();
  });

  it.skipIf(!inject('databaseUrl'))('publish with KAFKA_BROKERS set, ingest until SIGTERM: the rows of an in-process sync', { timeout: 90_000 }, async () => {
    const key = randomBytes(32);
    const local = await createTestHub('postgres', { piiKey: key });
    const dist = await createTestHub('postgres', { piiKey: key });
    hubs.push(local, dist);
    const dir = mkdtempSync(join(tmpdir(), 'huiju-cli-kafka-'));
    const configFile = join(dir, 'huiju.config.json');
    writeFileSync(configFile, JSON.stringify({ sources: [{ id, connector: 'social-org-registry', config: { path: resolve(__dirname, '../../connectors/social-org-registry/fixtures') }, allowPathsOutside: true }] }));
    const env = (url: string) => ({ HUIJU_CONFIG: configFile, DATABASE_URL: url, HUIJU_PII_KEY: key.toString('hex'), KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_PARTITIONS: '3', LOG_LEVEL: 'silent' });

    const inProcess = await runCli(['connectors', 'sync', id, '--local', '--json'], env(local.databaseUrl!));
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const published = await runCli(['connectors', 'sync', id, '--json'], env(dist.databaseUrl!));
    expect(published.code, published.stderr).toBe(0);
    const report = JSON.parse(published.stdout);
    expect(report.streams[0].published).toBeGreaterThan(5);
    expect(report.streams[0].applied).toBe(0);

    // the command stops on SIGTERM: call its handler (not vitest's) once the group caught up
    const before = new Set(process.listeners('SIGTERM'));
    const group = `huiju-test-${run}-cli`;
    const metricsPort = await freePort();
    const ingesting = runCli(['ingest', '--group', group, '--json', '--metrics-port', String(metricsPort)], env(dist.databaseUrl!));
    const until = Date.now() + 60_000;
    while (!(await caughtUp(dist.db, kafkaBrokers(), id, group).catch(() => false)) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    // the worker's own /metrics counted every record it applied or dead-lettered, per outcome
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const counted = [...metrics.matchAll(new RegExp(`^huiju_ingest_records_total\\{[^}]*source="${id}"[^}]*\\} (\\d+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
    for (const listener of process.listeners('SIGTERM')) if (!before.has(listener)) (listener as () => void)();
    const ingest = await ingesting;
    expect(ingest.code, ingest.stderr).toBe(0);
    const lines = ingest.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.reduce((s, e) => s + e.records, 0)).toBe(report.streams[0].published);
    // every outcome the worker reports is counted once in its metrics (parked: waiting for a row; unparked: applied once it landed)
    expect(counted).toBe(lines.reduce((s, e) => s + e.applied + e.unchanged + e.stale + e.deadLetters + e.parked + e.unparked, 0));
    expect(counted).toBeGreaterThan(5);
    expect(lines[0]).toMatchObject({ source: id, topic: rawTopic(id), lag: expect.any(Array) });

    // without --json (another group, so the topic is read again): nothing on stdout, progress lines
    // per source on stderr with its rate and elapsed time, and a final line when it stops
    const textGroup = `${group}-text`;
    const listening = new Set(process.listeners('SIGTERM'));
    const texting = runCli(['ingest', '--group', textGroup], env(dist.databaseUrl!));
    const textUntil = Date.now() + 60_000;
    while (!(await caughtUp(dist.db, kafkaBrokers(), id, textGroup).catch(() => false)) && Date.now() < textUntil) await new Promise((r) => setTimeout(r, 250));
    for (const listener of process.listeners('SIGTERM')) if (!listening.has(listener)) (listener as () => void)();
    const text = await texting;
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(new RegExp(`^ingest ${id}  records \\d+  applied \\d+  dead letters \\d+  parked \\d+  lag \\d+  \\(\\d[\\d,]* records/s, \\d+\\.\\d s`, 'm'));
    expect(text.stderr).toMatch(new RegExp(`^ingest ${id} stopped  records ${report.streams[0].published}  .*lag 0  \\(\\d[\\d,]* records/s, \\d+\\.\\d s\\)$`, 'm'));

    const a = await organizations(local.db);
    expect(a.organizations.length).toBeGreaterThan(3);
    expect(await organizations(dist.db)).toEqual(a);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
