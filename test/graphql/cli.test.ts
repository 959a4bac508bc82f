import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { printHubSchema } from '../../src/graphql/schema';

const huiju = (args: string[], env: Record<string, string>) => runCli(args, env);

describe('huiju schema', () => {
  it('prints the SDL built from the code; --check agrees with schema/schema.graphql', async () => {
    const printed = await huiju(['schema'], {});
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(printHubSchema());
    const check = await huiju(['schema', '--check'], {});
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('up to date');
  });
});

/**
 * `huiju query` is a thin wrapper over runQuery (which runs on both stores in the other files);
 * here it runs on the embedded store on disk, the path `npx huiju query` takes on a fresh clone.
 */
describe('huiju query (embedded store)', () => {
  let env: Record<string, string>;
  let dataDir: string | null = null;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'huiju-cli-'));
    env = { DATABASE_URL: '', HUIJU_DATA_DIR: dataDir, HUIJU_PII_KEY: randomBytes(32).toString('hex'), KAFKA_BROKERS: '', LOG_LEVEL: 'silent' };
    const demo = await huiju(['demo', '--profile', 'tiny', '--json'], env);
    expect(demo.code, demo.stderr).toBe(0);
  }, 180_000);
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the JSON result of an operation with variables', async () => {
    const r = await huiju(['query', 'query($c: String!) { area(code: $c) { name level } persons(first: 1) { nodes { name idNumberMasked } } }', '--variables', '{"c":"420102"}'], env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.data.area).toEqual({ name: '江岸区', level: 'DISTRICT' });
    expect(result.data.persons.nodes[0].name).toMatch(/\*/);
    expect(result.data.persons.nodes[0].idNumberMasked).toMatch(/\*{11}/);
  });

  it('prints coded errors and exits 1; bad --variables is a usage error', async () => {
    const r = await huiju(['query', '{ area(code: "nope") { name } }', '--compact'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(r.stderr).toContain('GRAPHQL_ERRORS');
    const bad = await huiju(['query', '{ __typename }', '--variables', '[1]'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--variables');
  });

  it('dead-letters list: a source with dead letters lists them; a source nobody knows is UNKNOWN_SOURCE, not an empty list', async () => {
    const all = await huiju(['dead-letters', 'list', '--limit', '1', '--json'], env);
    expect(all.code, all.stderr).toBe(0);
    const [letter] = JSON.parse(all.stdout) as { source: string }[];
    expect(letter).toBeDefined();
    const one = await huiju(['dead-letters', 'list', '--source', letter!.source, '--json'], env);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { source: string }[]).every((l) => l.source === letter!.source)).toBe(true);
    const typo = await huiju(['dead-letters', 'list', '--source', `${letter!.source}-typo`], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('UNKNOWN_SOURCE');
    expect(typo.stderr).toContain(letter!.source);
  });
});
