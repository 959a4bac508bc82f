/**
 * compose.yaml, the Dockerfile and .dockerignore, checked without a Docker engine: the topology is
 * the one README "Deploy" describes, every `huiju` command and flag a service runs exists in the
 * CLI (its `--help`), every variable a hub service sets is one the hub reads and its value passes
 * the hub's config validation, and the image is built in stages and runs as a non-root user.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig } from '../../../src/config';
import { runCli } from '../../support/run-cli';

const ROOT = resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean; test?: string[] };
  ports?: string[];
  restart?: string;
}
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
/** The services that run the hub's image (built from the Dockerfile). */
const hubServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

/** Variables the hub reads: the config's mapping, plus those read directly (`env.X`, `process.env.X`) in src/. */
function variablesTheHubReads(): Set<string> {
  const names = new Set(CONFIG_ENV_VARS);
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) names.add((m[1] ?? m[2])!);
    }
  };
  visit(join(ROOT, 'src'));
  return names;
}

/** Compose's interpolation with nothing set: `${X:-default}` → default, `${X:?message}` → `fallback(X)`. */
function interpolate(value: string, fallback: (name: string) => string): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::?([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => (op === '-' ? (arg ?? '') : fallback(name)));
}

/** The options of `huiju <sub>` as its `--help` lists them (`--port`, `--no-demo` …). */
async function optionsOf(sub: string): Promise<Set<string>> {
  const help = await runCli([sub, '--help']);
  expect(help.code, `huiju ${sub} --help: ${help.stderr}`).toBe(0);
  return new Set([...help.stdout.matchAll(/(?:^|[\s,])(--?[a-z][a-z-]*)/gm)].map((m) => m[1]!));
}

describe('compose.yaml', () => {
  it('has PostgreSQL, one KRaft Kafka broker, a one-shot migrate, two API replicas, two ingest workers and the relay', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'ingest-1', 'ingest-2', 'kafka', 'migrate', 'postgres', 'relay']);
    expect(services.postgres!.image).toMatch(/^postgres:/);
    const kafka = services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(String(kafka.environment!.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual(['broker', 'controller']);
    expect(Object.keys(kafka.environment!).some((k) => k.includes('ZOOKEEPER'))).toBe(false);
    expect(hubServices.map(([name]) => name).sort()).toEqual(['api-1', 'api-2', 'ingest-1', 'ingest-2', 'migrate', 'relay']);

    const byCommand = (sub: string) => hubServices.filter(([, s]) => s.command?.[0] === sub);
    expect(byCommand('migrate').map(([n]) => n)).toEqual(['migrate']);
    expect(services.migrate!.restart).toBe('no');
    const apis = byCommand('start');
    expect(apis).toHaveLength(2);
    const ports = apis.map(([, s]) => String(s.environment!.PORT));
    expect(new Set(ports).size).toBe(2);
    for (const [i, [, s]] of apis.entries()) expect(s.ports).toEqual([`${ports[i]}:${ports[i]}`]);
    const workers = byCommand('ingest');
    expect(workers).toHaveLength(2);
    const groups = workers.map(([, s]) => s.environment!.KAFKA_GROUP_ID ?? 'huiju-ingest');
    expect(groups[0]).toBe(groups[1]);
    expect(workers.every(([, s]) => !s.command!.includes('--group'))).toBe(true);
    expect(byCommand('relay')).toHaveLength(1);
  });

  it('starts every hub process after migrate succeeded; migrate after PostgreSQL is healthy', () => {
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const [name, s] of hubServices.filter(([n]) => n !== 'migrate')) {
      expect(s.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
      expect(s.depends_on?.kafka, name).toEqual({ condition: 'service_healthy' });
      expect(s.environment!.KAFKA_BROKERS, name).toBe('kafka:9092');
    }
  });

  it('runs only huiju commands and flags that exist', async () => {
    const top = await runCli(['--help']);
    for (const [name, s] of hubServices) {
      const [sub, ...args] = s.command!;
      expect(top.stdout, `${name}: huiju ${sub}`).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
      const known = await optionsOf(sub!);
      for (const flag of args.filter((a) => a.startsWith('-'))) expect(known, `${name}: huiju ${sub} ${flag}`).toContain(flag);
    }
  });

  it('sets only variables the hub reads, with values its config accepts', () => {
    const readable = variablesTheHubReads();
    expect(readable).toContain('HUIJU_CONFIG');
    expect(readable).not.toContain('POSTGRES_PASSWORD'); // the scan is not "everything upper-case"
    for (const [name, s] of hubServices) {
      for (const variable of Object.keys(s.environment ?? {})) expect(readable, `${name}: ${variable}`).toContain(variable);
      const env = Object.fromEntries(
        Object.entries(s.environment ?? {})
          .filter(([k]) => k !== 'HUIJU_CONFIG') // a file inside the container
          .map(([k, v]) => [k, interpolate(String(v), (x) => (x === 'HUIJU_PII_KEY' ? 'ab'.repeat(32) : `secret-for-${x}-0123456789abcdef`))]),
      );
      const config = loadConfig({ env, cwd: join(ROOT, 'test') });
      expect(config.database.url, name).toMatch(/@postgres:5432\/huiju$/);
    }
  });

  it('mounts the sources file the hub is told to read', () => {
    for (const [name, s] of hubServices.filter(([n]) => n !== 'migrate')) {
      const file = String(s.environment!.HUIJU_CONFIG);
      const mounts = ((s as { volumes?: string[] }).volumes ?? []).map((v) => interpolate(v, () => '').split(':'));
      expect(mounts.some(([from, to]) => to === file && from === './huiju.config.yaml'), name).toBe(true);
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n\s*/g, ' ');
  const lines = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: { name: string; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? '', lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const runtime = stages.at(-1)!;

  it('builds dist/ in a stage with the dev dependencies, and installs production dependencies apart', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    expect(stage('build').lines).toContainEqual(expect.stringMatching(/^RUN npm ci\b(?!.*--omit=dev)/));
    expect(stage('build').lines).toContain('RUN npm run build');
    expect(stage('deps').lines).toContainEqual(expect.stringMatching(/^RUN npm ci .*--omit=dev/));
    expect(runtime.lines).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(runtime.lines).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime.lines.some((l) => /^COPY\s+(?!--from).*\b(src|connectors|migrations)\b/.test(l))).toBe(false);
  });

  it('runs as a non-root user, checks /healthz and has the huiju command as entrypoint', () => {
    const user = runtime.lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user!.slice(5).trim()).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.lines.find((l) => l.startsWith('HEALTHCHECK'))).toContain('/healthz');
    expect(runtime.lines.find((l) => l.startsWith('ENTRYPOINT'))).toBe('ENTRYPOINT ["node", "bin/huiju.mjs"]');
    // the image's commands run with the Node flags `npm start` gives the hub (its young generation)
    const startFlags = /^node (.*) bin\/huiju\.mjs start$/.exec(JSON.parse(read('package.json')).scripts.start)?.[1];
    expect(startFlags).toMatch(/^--max-semi-space-size=\d+$/);
    expect(runtime.lines.find((l) => l.startsWith('ENV '))?.split(/\s+/)).toContain(`NODE_OPTIONS=${startFlags}`);
    // what bin/huiju.mjs imports beside itself is in the image
    const imported = [...read('bin/huiju.mjs').matchAll(/from '\.\/([^']+)'/g)].map((m) => `bin/${m[1]}`);
    expect(imported.length).toBeGreaterThan(0);
    const copied = runtime.lines.filter((l) => l.startsWith('COPY bin/')).join(' ');
    for (const file of imported) expect(copied).toContain(file);
  });

  it('copies only files that exist and that .dockerignore keeps in the context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const sources = lines.filter((l) => /^COPY\s/.test(l) && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), src).toBe(true);
      expect(ignored.some((p) => src === p || src.startsWith(`${p}/`)), `${src} is in .dockerignore`).toBe(false);
    }
    for (const local of ['node_modules', 'dist', '.huiju', '.git']) expect(ignored).toContain(local);
  });
});
