/**
 * Dead letters as people see them (GraphQL `deadLetters`, `listDeadLetters` behind `huiju
 * dead-letters list`): the demo's planted bad records (`tiny`, through the real connectors) plus
 * the street-office fixtures' grid rows (grid workers, one with a bad ID and a decorated phone,
 * and a planted grid out of the street whose worker has a malformed phone) show no person's
 * name, ID number or mobile in clear, while the
 * organisation names in them stay readable.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURE_CONFIG } from '../../connectors/street-office/conformance';
import { streetOfficeConnector } from '../../connectors/street-office/index';
import { generateWorld } from '../../src/demo/generate';
import { listDeadLetters, remaskDeadLetters } from '../../src/ingest/dead-letter.repository';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { runCli } from '../support/run-cli';
import { type ConnectorDemo, openConnectorDemo } from '../support/connector-demo';
import { createTestHub, type TestHub } from '../support/test-hub';

const world = generateWorld({ profile: 'tiny', seed: 'huiju' });
/** A grid row planted into a copy of the street-office fixtures: out of the street (dead-lettered), its worker with a malformed phone. */
// a grid of the street whose community is another street's (OUT_OF_SCOPE; a grid of another street altogether is skipped, not a dead letter)
const PLANTED_GRID_ROW = '420102002001004,越界网格二,420102003001,其他社区,钱多多,139-1234-567,,越界\n';
/** The street-office fixtures' grid workers (and the planted one), as written in the files. */
const FIXTURE_PEOPLE = ['张伟', '李娜', '王芳', '赵磊', '钱多多', '13912345678', '13900009999', '186-2700-0000', '18627000000', '139-1234-567', '1391234567', '420102200102030041', '42010219860606108x'];

describe('dead letters show no person in clear, and organisations readable', () => {
  let demo: ConnectorDemo;
  let hub: TestHub;

  beforeAll(async () => {
    demo = await openConnectorDemo('dl-mask', async (h, folder) => {
      const fixtures = join(folder, 'street-office-fixtures');
      cpSync(FIXTURE_CONFIG.path, fixtures, { recursive: true });
      appendFileSync(join(fixtures, '网格_20240301.csv'), PLANTED_GRID_ROW);
      const config = streetOfficeConnector.config.parse({ ...FIXTURE_CONFIG, path: fixtures });
      const reports = await syncSource(h, { id: 'fixture-street', connector: streetOfficeConnector, config, displayConfig: {}, scheduleMs: null, baseDir: folder });
      expect(reports.map((r) => r.status)).toEqual(reports.map(() => 'SUCCEEDED'));
    });
    hub = demo.hub;
  }, 300_000);
  afterAll(async () => demo?.close());

  async function graphqlLetters(): Promise<{ source: string; stream: string; reason: string; payloadJson: string | null }[]> {
    const { data, errors } = await demo.gql('{ deadLetters(first: 100) { totalCount nodes { source stream reason payloadJson } } }');
    expect(errors).toBeUndefined();
    expect(data.deadLetters.totalCount).toBeLessThanOrEqual(100);
    return data.deadLetters.nodes;
  }

  /** Names (3+ characters, or 2 when no organisation holds them), ID numbers and mobiles of every person of the world and the fixtures. */
  function personalNeedles(): string[] {
    const orgText = world.organizations.map((o) => o.name).join('|');
    const names = world.persons.map((p) => p.name).filter((n) => n.length >= 2 && !orgText.includes(n));
    return [...new Set([...names, ...world.persons.map((p) => p.idNumber), ...world.persons.flatMap((p) => (p.mobile ? [p.mobile] : [])), ...FIXTURE_PEOPLE])];
  }

  it('GraphQL and listDeadLetters: the planted bad records and the grid rows show no name, ID number or mobile in clear', async () => {
    const letters = await graphqlLetters();
    const streams = new Set(letters.map((l) => `${l.source}/${l.stream}`));
    // the grid workers' rows and the demo's planted mess are all in the scan
    expect(streams).toContain('fixture-street/grid-workers');
    expect(streams).toContain('fixture-street/grids');
    expect(streams).toContain('demo-committee-api/activities');
    expect([...streams].some((s) => s.endsWith('/residents'))).toBe(true);
    const text = letters.map((l) => l.payloadJson ?? '').join('\n');
    const listed = JSON.stringify((await listDeadLetters(hub.db, { limit: 10_000 })).map((l) => l.payload));
    const needles = personalNeedles();
    expect(needles.length).toBeGreaterThan(300);
    expect(needles.filter((n) => text.includes(n)), 'personal values in clear over GraphQL').toEqual([]);
    expect(needles.filter((n) => listed.includes(n)), 'personal values in clear in listDeadLetters').toEqual([]);
    // L4 facts are withheld: no 政治面貌 or tag value of a resident's row is shown
    for (const l of letters.filter((x) => x.stream === 'residents')) {
      const row = (JSON.parse(l.payloadJson!) as { row?: Record<string, string> }).row;
      // a parse failure has no row
      if (row) expect([row.政治面貌 ?? '***', row.人员标签 ?? '***']).toEqual(['***', '***']);
    }
  });

  it('keeps organisation names and codes readable (organisers, handling units, grid names)', async () => {
    const letters = await graphqlLetters();
    const activities = letters.filter((l) => l.stream === 'activities').map((l) => JSON.parse(l.payloadJson!) as { organizer?: { name?: string } });
    const organisers = activities.flatMap((a) => (a.organizer?.name ? [a.organizer.name] : []));
    expect(organisers.length).toBeGreaterThan(0);
    const orgNames = new Set(world.organizations.map((o) => o.name));
    for (const name of organisers) expect(orgNames.has(name), `organiser ${name} masked`).toBe(true);
    const gridRows: Record<string, string>[] = letters
      .filter((l) => l.stream === 'grids' || l.stream === 'grid-workers')
      .flatMap((l) => {
        const row = (JSON.parse(l.payloadJson!) as { row?: Record<string, string> }).row;
        return row ? [row] : [];
      });
    expect(gridRows.length).toBeGreaterThan(0);
    for (const row of gridRows) {
      expect(row.网格名称).not.toContain('*');
      expect(row.网格编码).toMatch(/^'?[0-9０-９]{15}$/);
      expect(row.网格员 ?? '').toMatch(/^(?:|.\*+)$/u);
    }
    expect(gridRows.some((r) => (r.网格员 ?? '') !== '')).toBe(true);
  });

  it('re-masks stored payloads from their encrypted copies (letters stored before a declaration)', async () => {
    const before = await hub.db.selectFrom('dead_letter').select(['id', 'payload']).orderBy('id').execute();
    await hub.db.updateTable('dead_letter').set({ payload: JSON.stringify({ stale: true }) }).where('stream', '=', 'grid-workers').execute();
    const streams = new Map(streetOfficeConnector.streams.map((s) => [s.name, s.personalFields]));
    const n = await remaskDeadLetters(hub.db, hub.vault, (source, stream) => (source === 'fixture-street' ? streams.get(stream) : undefined), { source: 'fixture-street' });
    expect(n).toBeGreaterThan(0);
    expect(await hub.db.selectFrom('dead_letter').select(['id', 'payload']).orderBy('id').execute()).toEqual(before);
  });
});

describe.skipIf(!inject('databaseUrl'))('`huiju dead-letters list|remask` (PostgreSQL)', () => {
  it('lists the grid rows masked by declaration and re-masks stored payloads with the configured streams', { timeout: 120_000 }, async () => {
    const key = randomBytes(32);
    const hub = await createTestHub('postgres', { piiKey: key });
    const dir = mkdtempSync(join(tmpdir(), 'huiju-dl-cli-'));
    try {
      const fixtures = join(dir, 'street');
      cpSync(FIXTURE_CONFIG.path, fixtures, { recursive: true });
      appendFileSync(join(fixtures, '网格_20240301.csv'), PLANTED_GRID_ROW);
      const configFile = join(dir, 'huiju.config.json');
      writeFileSync(configFile, JSON.stringify({ sources: [{ id: 'fixture-street', connector: 'street-office', config: { ...FIXTURE_CONFIG, path: fixtures } }] }));
      const env = { HUIJU_CONFIG: configFile, DATABASE_URL: hub.databaseUrl!, HUIJU_PII_KEY: key.toString('hex'), LOG_LEVEL: 'silent' };
      const sync = await runCli(['connectors', 'sync', 'fixture-street', '--local', '--json'], env);
      expect(sync.code, sync.stderr + sync.stdout).toBe(0);

      const list = async () => {
        const r = await runCli(['dead-letters', 'list', '--limit', '100', '--json'], env);
        expect(r.code, r.stderr).toBe(0);
        return r.stdout;
      };
      const before = await list();
      expect(before).toContain('越界网格二');
      for (const clear of FIXTURE_PEOPLE) expect(before, `${clear} in clear`).not.toContain(clear);
      // letters stored with another masking are masked again from their encrypted copies
      await hub.db.updateTable('dead_letter').set({ payload: JSON.stringify({ stale: '钱多多' }) }).execute();
      const remask = await runCli(['dead-letters', 'remask', '--json'], env);
      expect(remask.code, remask.stderr).toBe(0);
      expect(JSON.parse(remask.stdout).remasked).toBeGreaterThan(1);
      expect(await list()).toBe(before);
    } finally {
      await hub.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
