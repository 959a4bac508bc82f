/**
 * Case-flow benchmark (`npm run bench -- case-flow [--store postgres|pglite] [--seconds N] [--rounds N]`).
 *
 * Full cycles (report → accept → dispatch → sign → start → handle → close) per second, one after
 * another, through GraphQL (Apollo `executeOperation`, the hub's resolvers, permission and scope
 * checks, the state machine, event + status + lineage + journal + change event in one transaction)
 * vs the same transitions as plain SQL (per move one transaction: UPDATE of the case with the
 * version check, INSERT of the event, INSERT of the outbox row), in the same run on the same store,
 * rounds alternating. Prints cycles/s, the ratio (target ≥ 0.3) and p50/p99 per mutation.
 * Nothing here asserts: timings vary by machine.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { migrateToLatest } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { loadDemo } from '../src/demo/load-demo';
import { toGlobalId } from '../src/graphql/common/global-id';
import { createHubContext } from '../src/graphql/context';
import { createHubApolloServer } from '../src/graphql/server/apollo-server';
import type { Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import type { Caller } from '../src/auth/caller';
import { createDatabase, dropDatabase, option } from './support/bench-db';

const STORE = option('store', process.env.DATABASE_URL ? 'postgres' : 'pglite');
const SECONDS = Number(option('seconds', '5'));
const ROUNDS = Number(option('rounds', '3'));

const STEPS = ['report', 'accept', 'dispatch', 'sign', 'start', 'handle', 'close'] as const;
type Step = (typeof STEPS)[number];

const SEL = '{ id version status }';
const DOCS: Record<Step, string> = {
  report: `mutation R($input: ReportCaseInput!) { reportCase(input: $input) ${SEL} }`,
  accept: `mutation A($id: ID!, $version: Int!) { acceptCase(id: $id, version: $version) ${SEL} }`,
  dispatch: `mutation D($id: ID!, $version: Int!, $units: [CaseUnitInput!]!) { dispatchCase(id: $id, version: $version, units: $units) ${SEL} }`,
  sign: `mutation S($id: ID!, $version: Int!, $org: ID) { signCase(id: $id, version: $version, actorOrganizationId: $org) ${SEL} }`,
  start: `mutation T($id: ID!, $version: Int!, $org: ID) { startCase(id: $id, version: $version, actorOrganizationId: $org) ${SEL} }`,
  handle: `mutation H($id: ID!, $version: Int!, $org: ID) { handleCase(id: $id, version: $version, actorOrganizationId: $org) ${SEL} }`,
  close: `mutation C($id: ID!, $version: Int!) { closeCase(id: $id, version: $version) ${SEL} }`,
};

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function openBenchHub(): Promise<{ hub: Hub; drop: () => Promise<void> }> {
  let url: string | undefined;
  let drop = async () => {};
  if (STORE === 'postgres') {
    const name = `huiju_bench_${randomBytes(4).toString('hex')}`;
    url = await createDatabase(name);
    drop = () => dropDatabase(name);
  }
  const store = await openStore({ databaseUrl: url, dataDir: null });
  await migrateToLatest(store.db);
  const key = randomBytes(32);
  const config = loadConfig({
    env: {},
    overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, outbox: { enabled: true }, server: { rateLimit: { perMinute: 0 } }, ...(url ? { database: { url } } : {}) },
  });
  const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
  return { hub, drop };
}

async function main(): Promise<void> {
  const { hub, drop } = await openBenchHub();
  try {
    await loadDemo(hub, { profile: 'tiny' });
    const db = hub.db;
    const community = await db.selectFrom('admin_area').select(['id', 'code']).where('level', '=', 'community').orderBy('code').executeTakeFirstOrThrow();
    const committee = (await db.selectFrom('organization').select('id').where('kind', '=', 'RESIDENTS_COMMITTEE').executeTakeFirstOrThrow()).id;
    const street = (await db.selectFrom('organization').select('id').where('kind', '=', 'STREET_OFFICE').executeTakeFirstOrThrow()).id;
    const server = createHubApolloServer(hub);
    await server.start();
    const caller: Caller = { role: 'ADMIN', areaScope: [], subject: 'bench' };
    const committeeGid = toGlobalId('Organization', committee);
    const latency: Record<Step, number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as never;
    const sqlLatency: Record<Step, number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as never;

    const run = async (step: Step, vars: Record<string, unknown>) => {
      const t0 = performance.now();
      const r = await server.executeOperation({ query: DOCS[step], variables: vars }, { contextValue: createHubContext(hub, caller) });
      latency[step].push(performance.now() - t0);
      if (r.body.kind !== 'single' || r.body.singleResult.errors) throw new Error(`${step}: ${JSON.stringify(r.body.kind === 'single' ? r.body.singleResult.errors : r.body.kind)}`);
      return (r.body.singleResult.data as Record<string, { id: string; version: number }>)[Object.keys(r.body.singleResult.data!)[0]!]!;
    };

    const graphqlCycle = async () => {
      let c = await run('report', { input: { kind: 'APPEAL', channel: '来访', title: '楼道堆放杂物', area: community.code } });
      c = await run('accept', { id: c.id, version: c.version });
      c = await run('dispatch', { id: c.id, version: c.version, units: [{ organizationId: committeeGid, role: 'LEAD' }] });
      c = await run('sign', { id: c.id, version: c.version, org: committeeGid });
      c = await run('start', { id: c.id, version: c.version, org: committeeGid });
      c = await run('handle', { id: c.id, version: c.version, org: committeeGid });
      await run('close', { id: c.id, version: c.version });
    };

    let n = 0;
    const sqlCycle = async () => {
      const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const out = await work();
        sqlLatency[step].push(performance.now() - t0);
        return out;
      };
      const no = `SQL-${process.pid}-${n++}`;
      const id = await timed('report', () =>
        db.transaction().execute(async (trx) => {
          const { id } = await trx
            .insertInto('case_record')
            .values({ natural_key: `bench:${no}`, source_system: 'bench', source_no: no, kind: 'APPEAL', channel: '来访', appeal_type: null, category: null, title: '楼道堆放杂物', content: null, reporter_person_id: null, area_id: community.id, grid_id: null, building_id: null, address: null, status: 'REPORTED', satisfaction: null, duty_item_id: null, reported_at: new Date(), due_at: null, closed_at: null })
            .returning('id')
            .executeTakeFirstOrThrow();
          await sql`insert into case_event (case_id, seq, from_status, to_status, actor_org_id, at) values (${id}, 1, null, 'REPORTED', ${street}, now())`.execute(trx);
          await sql`insert into outbox (type, entity, entity_id, payload) values ('cn.huiju.case.created', 'case', ${id}, ${JSON.stringify({ entity: 'case', id, operation: 'created', sources: [] })}::jsonb)`.execute(trx);
          return id;
        }),
      );
      let version = 1;
      let seq = 1;
      let from = 'REPORTED';
      for (const [step, to] of [['accept', 'ACCEPTED'], ['dispatch', 'DISPATCHED'], ['sign', 'SIGNED'], ['start', 'IN_PROGRESS'], ['handle', 'HANDLED'], ['close', 'CLOSED']] as const) {
        await timed(step, () =>
          db.transaction().execute(async (trx) => {
            const r = await sql`update case_record set status = ${to}, updated_at = now() where id = ${id} and version = ${version}`.execute(trx);
            if (Number(r.numAffectedRows) !== 1) throw new Error('version conflict');
            if (step === 'dispatch') await sql`insert into case_handler (case_id, organization_id, role) values (${id}, ${committee}, 'LEAD')`.execute(trx);
            await sql`insert into case_event (case_id, seq, from_status, to_status, actor_org_id, at) values (${id}, ${seq + 1}, ${from}, ${to}, ${street}, now())`.execute(trx);
            await sql`insert into outbox (type, entity, entity_id, payload) values ('cn.huiju.case.updated', 'case', ${id}, ${JSON.stringify({ entity: 'case', id, operation: 'updated', sources: [] })}::jsonb)`.execute(trx);
          }),
        );
        version += 1;
        seq += 1;
        from = to;
      }
    };

    const measure = async (cycle: () => Promise<void>) => {
      const until = performance.now() + SECONDS * 1000;
      const t0 = performance.now();
      let cycles = 0;
      while (performance.now() < until) {
        await cycle();
        cycles += 1;
      }
      return cycles / ((performance.now() - t0) / 1000);
    };

    // warm-up: plans, JIT, schema
    for (let i = 0; i < 20; i++) {
      await graphqlCycle();
      await sqlCycle();
    }
    for (const s of STEPS) {
      latency[s].length = 0;
      sqlLatency[s].length = 0;
    }
    const rounds: { graphql: number; sql: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const sqlRate = await measure(sqlCycle);
      const graphqlRate = await measure(graphqlCycle);
      rounds.push({ graphql: graphqlRate, sql: sqlRate });
    }
    await server.stop();

    const median = (xs: number[]) => percentile(xs, 50);
    const g = median(rounds.map((r) => r.graphql));
    const s = median(rounds.map((r) => r.sql));
    const f = (x: number) => x.toFixed(2).padStart(8);
    console.log(`\ncase-flow bench — store ${STORE}, ${ROUNDS} rounds × ${SECONDS}s each way, sequential, load ${loadavg()[0]!.toFixed(2)}\n`);
    console.log('| path | cycles/s (median round) | every round |');
    console.log('|---|---:|---|');
    console.log(`| GraphQL (executeOperation) | ${g.toFixed(1)} | ${rounds.map((r) => r.graphql.toFixed(1)).join(', ')} |`);
    console.log(`| plain SQL (UPDATE + INSERT event + outbox) | ${s.toFixed(1)} | ${rounds.map((r) => r.sql.toFixed(1)).join(', ')} |`);
    console.log(`| **ratio GraphQL / SQL** | **${(g / s).toFixed(2)}** (target ≥ 0.3) | ${rounds.map((r) => (r.graphql / r.sql).toFixed(2)).join(', ')} |\n`);
    console.log('| mutation | GraphQL p50 ms | GraphQL p99 ms | SQL p50 ms | SQL p99 ms | samples |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const step of STEPS) {
      console.log(`| ${step} | ${f(percentile(latency[step], 50))} | ${f(percentile(latency[step], 99))} | ${f(percentile(sqlLatency[step], 50))} | ${f(percentile(sqlLatency[step], 99))} | ${latency[step].length} |`);
    }
  } finally {
    await hub.close();
    await drop();
  }
}

await main();
