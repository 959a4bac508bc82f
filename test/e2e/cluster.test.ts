/**
 * The distributed topology as local processes (`scripts/cluster.sh`): two API replicas on two
 * ports, two `huiju ingest` workers in one consumer group and the relay, on one PostgreSQL database
 * and the real broker. The street-office fixtures are published to Kafka (`huiju connectors sync`
 * with KAFKA_BROKERS) and applied by the two workers; then both replicas answer the same query
 * identically, both deliver the same subscription event for a case moved through one of them, and
 * the group has both workers as members, each with partitions.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import { AssignerProtocol } from 'kafkajs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { FIXTURE_CONFIG } from '../../connectors/street-office/conformance';
import type { Database } from '../../src/db/database';
import { createKafka } from '../../src/kafka/client';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { waitCaughtUp } from '../support/kafka-ingest';
import { runCli } from '../support/run-cli';
import { kafkaBrokers } from '../support/services';

const ROOT = resolve(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts', 'cluster.sh');

/** Runs `scripts/cluster.sh <verb>` with `env`; resolves with its exit code and output. */
function cluster(verb: 'start' | 'stop' | 'status', env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', [SCRIPT, verb], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => done({ code, output }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

async function gql(port: number, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const READ = `{
  areas(first: 1000) { totalCount nodes { code name level } }
  grids(first: 1000) { totalCount nodes { code name } }
  persons(first: 1000) { totalCount nodes { id name } }
}`;
const CASE_CHANGED = 'subscription { caseChanged { id status title } }';
const REPORT = 'mutation($input: ReportCaseInput!) { reportCase(input: $input) { id version status } }';
const ACCEPT = 'mutation($id: ID!, $version: Int!) { acceptCase(id: $id, version: $version) { id version status } }';

describe.skipIf(!inject('kafkaBrokers') || !inject('databaseUrl'))('scripts/cluster.sh: two API replicas, two ingest workers, the relay', () => {
  const run = randomUUID().slice(0, 8);
  const source = `t-cluster-${run}`;
  const db = `huiju_cluster_t_${run}`;
  const group = `huiju-test-cluster-${run}`;
  const dir = mkdtempSync(join(tmpdir(), 'huiju-cluster-'));
  const admin = inject('databaseUrl') ?? '';
  const server = admin.replace(/\/[^/]*$/, '');
  const env: Record<string, string> = {
    HUIJU_CLUSTER_DIR: join(dir, 'run'),
    HUIJU_CLUSTER_PG: server,
    HUIJU_CLUSTER_DB: db,
    HUIJU_CONFIG: join(dir, 'huiju.config.json'),
    HUIJU_PII_KEY: randomBytes(32).toString('hex'),
    HUIJU_JWT_SECRET: randomBytes(32).toString('hex'),
    KAFKA_GROUP_ID: group,
    KAFKA_PARTITIONS: '4',
    HUIJU_CHANGES_TOPIC: `huiju-test.${run}.changes`,
    LOG_LEVEL: 'warn',
    // none of the test process's own settings leak into the cluster
    DATABASE_URL: '',
    DATABASE_READ_URL: '',
    HUIJU_DATA_DIR: join(dir, 'data'),
  };
  let apiPorts: number[] = [];
  let store: Kysely<Database>;
  let token = '';
  const clients: Client[] = [];

  beforeAll(async () => {
    env.KAFKA_BROKERS = kafkaBrokers().join(',');
    apiPorts = [await freePort(), await freePort()];
    env.HUIJU_CLUSTER_API_PORTS = apiPorts.join(' ');
    env.HUIJU_CLUSTER_WORKER_PORTS = `${await freePort()} ${await freePort()}`;
    writeFileSync(env.HUIJU_CONFIG!, JSON.stringify({ sources: [{ id: source, connector: 'street-office', config: FIXTURE_CONFIG, allowPathsOutside: true }] }));
    const started = await cluster('start', env);
    expect(started.code, started.output).toBe(0);
    store = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: `${server}/${db}`, max: 2 }) }) });
    const issued = await runCli(['token', 'issue', '--role', 'ADMIN', '--sub', 'cluster-test'], { HUIJU_JWT_SECRET: env.HUIJU_JWT_SECRET });
    expect(issued.code, issued.stderr).toBe(0);
    token = issued.stdout.trim();
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    const stopped = await cluster('stop', env);
    expect(stopped.code, stopped.output).toBe(0);
    await store?.destroy();
    const kafkaAdmin = createKafka({ brokers: kafkaBrokers() }).admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.deleteTopics({ topics: [rawTopic(source), dlqTopic(source), env.HUIJU_CHANGES_TOPIC!] }).catch(() => {});
    await kafkaAdmin.disconnect();
    const pgAdmin = new pg.Client({ connectionString: admin });
    await pgAdmin.connect();
    await pgAdmin.query(`drop database if exists ${db} with (force)`);
    await pgAdmin.end();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('records every process, each running', async () => {
    const status = await cluster('status', env);
    expect(status.code, status.output).toBe(0);
    for (const name of ['api-1', 'api-2', 'ingest-1', 'ingest-2', 'relay']) expect(status.output).toMatch(new RegExp(`^${name}\\s+pid \\d+\\s+running`, 'm'));
    expect(readFileSync(join(env.HUIJU_CLUSTER_DIR!, 'pids'), 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('data ingested through Kafka by the two workers: both replicas answer the same, and both workers hold partitions of the group', async () => {
    const published = await runCli(['connectors', 'sync', source, '--json'], { ...env, DATABASE_URL: `${server}/${db}`, LOG_LEVEL: 'silent' });
    expect(published.code, published.stderr).toBe(0);
    const streams = JSON.parse(published.stdout).streams as { published: number }[];
    expect(streams.reduce((n, s) => n + s.published, 0)).toBeGreaterThan(10);
    await waitCaughtUp(store, kafkaBrokers(), source, group, 90_000);

    const [one, two] = await Promise.all(apiPorts.map((port) => gql(port, token, READ)));
    expect(one.persons.totalCount).toBeGreaterThan(0);
    expect(one.grids.totalCount).toBeGreaterThan(0);
    expect(one.areas.nodes.some((a: { level: string }) => a.level === 'COMMUNITY')).toBe(true);
    expect(two).toEqual(one);

    const kafkaAdmin = createKafka({ brokers: kafkaBrokers() }).admin();
    await kafkaAdmin.connect();
    try {
      // the group may still be settling a rebalance (a worker's join after its first fetches): wait for it
      let described = await kafkaAdmin.describeGroups([group]);
      for (const until = Date.now() + 60_000; described.groups[0]!.state !== 'Stable' && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 500));
        described = await kafkaAdmin.describeGroups([group]);
      }
      const { groups } = described;
      const members = groups[0]!.members;
      expect(groups[0]!.state).toBe('Stable');
      expect(members).toHaveLength(2);
      const partitions = members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[rawTopic(source)] ?? []);
      for (const p of partitions) expect(p.length).toBeGreaterThan(0);
      expect(partitions.flat().sort()).toEqual([0, 1, 2, 3]);
    } finally {
      await kafkaAdmin.disconnect();
    }
  }, 120_000);

  it('a case moved through one replica reaches the subscribers of both', async () => {
    const { areas } = await gql(apiPorts[0]!, token, READ);
    const community = areas.nodes.find((a: { level: string }) => a.level === 'COMMUNITY').code;
    const received = apiPorts.map(() => [] as { id: string; status: string }[]);
    apiPorts.forEach((port, i) => {
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
      clients.push(client);
      client.subscribe({ query: CASE_CHANGED }, { next: (r) => received[i]!.push((r.data as any).caseChanged), error: (e) => received[i]!.push({ id: 'error', status: String(e) }), complete: () => {} });
    });
    const waitFor = async (predicate: () => boolean, ms: number) => {
      const until = Date.now() + ms;
      while (!predicate() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return predicate();
    };
    // A replica's feed starts with its first subscriber and reads huiju.changes from the end: report
    // cases until both replicas delivered one, so both feeds are known to be live.
    let warm = false;
    for (let i = 0; i < 10 && !warm; i++) {
      const { reportCase } = await gql(apiPorts[0]!, token, REPORT, { input: { kind: 'APPEAL', channel: '来访', title: `预热 ${i}`, area: community } });
      warm = await waitFor(() => received.every((r) => r.some((e) => e.id === reportCase.id)), 5_000);
    }
    expect(warm, JSON.stringify(received)).toBe(true);

    const { reportCase: c } = await gql(apiPorts[1]!, token, REPORT, { input: { kind: 'APPEAL', channel: '来访', title: '楼道堆放杂物', area: community } });
    const { acceptCase } = await gql(apiPorts[0]!, token, ACCEPT, { id: c.id, version: c.version });
    expect(acceptCase.status).toBe('ACCEPTED');
    const delivered = await waitFor(() => received.every((r) => r.some((e) => e.id === c.id && e.status === 'ACCEPTED')), 30_000);
    expect(delivered, JSON.stringify(received)).toBe(true);
    const seen = received.map((r) => r.filter((e) => e.id === c.id).at(-1));
    expect(seen[0]).toEqual({ id: c.id, status: 'ACCEPTED', title: '楼道堆放杂物' });
    expect(seen[1]).toEqual(seen[0]);
  }, 120_000);
});
