import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseGrant } from '../../src/auth/grant';
import { issueToken } from '../../src/auth/jwt';
import type { Hub } from '../../src/hub';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { type DemoHub, openDemoHub } from '../graphql/support/harness';
import { postGraphql, startDemoServer } from '../graphql/support/http-harness';
import { readCsv } from '../support/csv-read';

/**
 * The playground in a real browser: Debian's headless Chromium driven by playwright-core opens
 * the page, runs an example operation and finds its result. Without /usr/bin/chromium the test
 * is skipped with a message (install: `apt-get install -y chromium`), except under CI=true, where
 * it fails. The browser part does not depend on the store, so it runs on the embedded store
 * (PGlite, what `npm start` uses).
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);

if (!available) {
  if (process.env.CI === 'true') {
    describe('playground in headless Chromium', () => {
      it('needs /usr/bin/chromium under CI', () => {
        expect.fail(`${CHROMIUM} is missing: .ci/run installs the Debian chromium package`);
      });
    });
  } else {
    console.warn(`\n[playground] ⚠  browser test SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
  }
}

describe.runIf(available)('playground in headless Chromium', () => {
  let h: DemoHub;
  let server: RunningServer;
  let profileDir: string;
  let context: import('playwright-core').BrowserContext;
  const requests: string[] = [];

  beforeAll(async () => {
    h = await openDemoHub('pglite', 'tiny');
    server = await startDemoServer(h);
    const { chromium } = await import('playwright-core');
    profileDir = mkdtempSync(join(tmpdir(), 'huiju-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context.on('request', (r) => requests.push(r.url()));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await server?.close();
    await h?.close();
  });

  it('opens on an example, runs it and shows the result, loading nothing from outside', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/?example=grid-households`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toContain('GridHouseholds');
    await page.locator('.graphiql-execute-button').click();
    // the whole response as the result editor holds it (CodeMirror only renders the visible lines)
    const resultText = () =>
      page.evaluate(() => {
        // runs in the page (the test's tsconfig has no DOM types)
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null } }).document;
        return doc.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '';
      });
    await expect.poll(resultText, { timeout: 30_000 }).toContain('"householdNo"');
    const text = await resultText();
    expect(text).toContain('"420102002001001"');
    expect(text).toMatch(/"idNumberMasked": "\d{6}\*{11}[\dX]"/);
    expect(text).not.toContain('"errors"');
    expect(await page.locator('header.huiju details.examples').textContent()).toContain('网格住户');
    expect(pageErrors).toEqual([]);
    for (const url of requests) expect(url.startsWith(server.url) || url.startsWith('data:'), url).toBe(true);
    await page.close();
  }, 120_000);

  it('says on the page that development mode lets every caller in as ADMIN', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('body').getAttribute('data-auth-mode')).toBe('development');
    expect(await page.locator('header.huiju .auth-banner').innerText()).toContain('development mode — every caller is ADMIN');
    expect(await page.locator('#huiju-token').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('with auth on, sends the token typed into the Token field as a bearer token', async () => {
    const secret = 'browser-secret-0123456789-abcdefghijkl';
    const authHub: Hub = { ...h.hub, config: { ...h.hub.config, auth: { ...h.hub.config.auth, jwtSecret: secret } } };
    const authed = await startHttpServer(authHub, { port: 0, host: '127.0.0.1', routes: hubRoutes(authHub) });
    try {
      const token = await issueToken(authHub.config.auth, normaliseGrant({ role: 'COMMUNITY_STAFF', areas: ['420102002001'] }), { subject: 'browser', ttlSeconds: 600 });
      const page = await context.newPage();
      await page.goto(`${authed.url}/?example=grid-households`);
      await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
      expect(await page.locator('body').getAttribute('data-auth-mode')).toBe('enforced');
      expect(await page.locator('header.huiju .auth-banner').count()).toBe(0);
      const resultText = () =>
        page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null } }).document;
          return doc.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '';
        });
      await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toContain('GridHouseholds');
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(resultText, { timeout: 30_000 }).toContain('UNAUTHENTICATED');
      // the table says the result has errors instead of showing rows
      await expect.poll(() => page.locator('#huiju-table .errors').count()).toBe(1);
      expect(await page.locator('#huiju-table table.huiju-result').count()).toBe(0);
      await page.locator('#huiju-token').fill(token);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(resultText, { timeout: 30_000 }).toContain('"householdNo"');
      expect(await resultText()).not.toContain('"errors"');
      await page.close();
    } finally {
      await authed.close();
    }
  }, 120_000);

  it('runs the live-cases subscription over WebSocket and shows a case reported meanwhile', async () => {
    // change events on, so a mutation's change reaches the live feed
    const liveHub: Hub = { ...h.hub, config: { ...h.hub.config, outbox: { ...h.hub.config.outbox, enabled: true } } };
    const live = await startHttpServer(liveHub, { port: 0, host: '127.0.0.1', routes: hubRoutes(liveHub) });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${live.url}/?example=live-cases`);
      await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
      await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toContain('LiveCases');
      await page.locator('.graphiql-execute-button').click();
      const resultText = () =>
        page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null } }).document;
          return doc.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '';
        });
      const title = `浏览器订阅测试 ${Date.now()}`;
      // report cases until the subscription (connecting in the page) delivers one
      await expect
        .poll(
          async () => {
            await fetch(`${live.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: 'mutation($t: String!) { reportCase(input: { kind: APPEAL, channel: "来访", title: $t, area: "420102002001" }) { id } }', variables: { t: title } }),
            });
            return resultText();
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toContain(title);
      expect(await resultText()).toContain('"status": "REPORTED"');
      // each event becomes the table's one row
      await expect.poll(() => page.locator('#huiju-table table.huiju-result tbody').innerText()).toContain(title);
      expect(pageErrors).toEqual([]);
      await page.close();
    } finally {
      await live.close();
    }
  }, 120_000);

  it('a browser GET of /graphql shows the playground with every example as a tab', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.join(' ')).toContain('StreetDashboard');
    expect(tabs.join(' ')).toContain('PersonLineage');
    await page.close();
  }, 120_000);
  // ---- helpers for the table and saved-operation tests (page code runs in the browser: `any` for the DOM)

  type Page = import('playwright-core').Page;

  /** The whole response as the result editor holds it (CodeMirror only renders the visible lines). */
  const resultJson = async (page: Page): Promise<any> => {
    const text = await page.evaluate(() => (globalThis as any).document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '');
    return text ? JSON.parse(text) : null;
  };
  /** The result table as the page shows it: header cells (without the row number) and body cells, as text. */
  const shownTable = (page: Page): Promise<{ columns: string[]; rows: string[][] }> =>
    page.evaluate(() => {
      const table = (globalThis as any).document.querySelector('#huiju-table table.huiju-result');
      if (!table) return { columns: [], rows: [] };
      const texts = (cells: any) => Array.from(cells as ArrayLike<any>, (c: any) => c.textContent as string).slice(1);
      return { columns: texts(table.querySelectorAll('thead th')), rows: Array.from(table.querySelectorAll('tbody tr') as ArrayLike<any>, (tr: any) => texts(tr.children)) };
    });
  const setEditors = (page: Page, query: string, variables: string) =>
    page.evaluate(
      ([q, v]) => {
        (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q);
        (globalThis as any).document.querySelector('.graphiql-editor-tool .CodeMirror')?.CodeMirror?.setValue(v);
      },
      [query, variables] as const,
    );
  const queryText = (page: Page): Promise<string> => page.evaluate(() => (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());
  const run = async (page: Page, operationName: string) => {
    // GraphiQL reads the operation's name from the editor 100 ms after a change; its tab shows it then
    await expect.poll(() => page.locator('.graphiql-tab-active').innerText(), { timeout: 10_000 }).toContain(operationName);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('#huiju-table-meta').textContent(), { timeout: 30_000 }).toContain(operationName);
  };
  const openPage = async (url: string, operationName: string) => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    await expect.poll(() => queryText(page), { timeout: 30_000 }).toContain(operationName);
    return { page, pageErrors };
  };
  const cell = (t: { columns: string[]; rows: string[][] }, row: number, column: string) => {
    const at = t.columns.indexOf(column);
    expect(at, `column ${column} in ${t.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
    return t.rows[row]![at];
  };
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  it('shows the result as a table: residents of the grid, one row each, household and grid columns repeated', async () => {
    const { page, pageErrors } = await openPage(`${server.url}/?example=grid-households`, 'GridHouseholds');
    await run(page, 'GridHouseholds');
    const body = await resultJson(page);
    expect(body.errors).toBeUndefined();
    const grid = body.data.grid;
    // expected rows from the JSON: one per resident edge; a household without residents keeps one row
    const expected: { householdNo: string; relation: unknown; name: unknown; idNumberMasked: unknown; birthYear: unknown }[] = [];
    for (const hh of grid.households.nodes) {
      if (hh.residents.edges.length === 0) expected.push({ householdNo: hh.householdNo, relation: null, name: null, idNumberMasked: null, birthYear: null });
      for (const e of hh.residents.edges) expected.push({ householdNo: hh.householdNo, relation: e.relation, name: e.node.name, idNumberMasked: e.node.idNumberMasked, birthYear: e.node.birthYear });
    }
    expect(expected.length).toBeGreaterThan(grid.households.nodes.length); // some household has two or more residents
    const shown = await shownTable(page);
    expect(shown.columns).toEqual([
      'grid.code',
      'grid.name',
      'grid.community.code',
      'grid.community.name',
      'grid.households.totalCount',
      'grid.households.pageInfo.hasNextPage',
      'grid.households.pageInfo.endCursor',
      'grid.households.householdNo',
      'grid.households.kind',
      'grid.households.dwelling.building.buildingNo',
      'grid.households.dwelling.building.address',
      'relation',
      'category',
      'name',
      'sex',
      'birthYear',
      'idNumberMasked',
      'mobileMasked',
    ]);
    expect(shown.rows).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(cell(shown, i, 'grid.code')).toBe('420102002001001');
      expect(cell(shown, i, 'grid.community.name')).toBe(grid.community.name);
      expect(cell(shown, i, 'grid.households.householdNo')).toBe(e.householdNo);
      expect(cell(shown, i, 'relation')).toBe(text(e.relation));
      expect(cell(shown, i, 'name')).toBe(text(e.name));
      expect(cell(shown, i, 'birthYear')).toBe(text(e.birthYear));
      expect(cell(shown, i, 'idNumberMasked')).toBe(text(e.idNumberMasked));
    });
    expect(await page.locator('#huiju-table-meta').textContent()).toContain(`${expected.length} 行 rows × 18 列 columns`);

    // the households list as the row set instead: one row per household
    const options = await page.locator('#huiju-table-path option').allTextContents();
    expect(options).toEqual(expect.arrayContaining([`grid.households (${grid.households.nodes.length})`, `grid.staff (${grid.staff.nodes.length})`]));
    await page.locator('#huiju-table-path').selectOption('grid.households.nodes');
    await expect.poll(async () => (await shownTable(page)).rows.length).toBe(grid.households.nodes.length);
    const households = await shownTable(page);
    expect(households.columns).toContain('householdNo');
    expect(households.columns).not.toContain('name');
    expect(households.rows.map((_, i) => cell(households, i, 'householdNo'))).toEqual(grid.households.nodes.map((hh: any) => hh.householdNo));
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('exports the table as CSV (BOM, RFC 4180, CRLF) that reads back to the same cells, Chinese and quotes included; copies it as TSV', async () => {
    const stamp = Date.now();
    const titles = [`表格测试, 含逗号 "引号" ${stamp}`, `普通标题 丹城 ${stamp}`];
    const reportedFrom = new Date(Date.now() - 60_000).toISOString();
    for (const t of titles) {
      const { body } = await postGraphql(server.url, 'mutation($t: String!) { reportCase(input: { kind: APPEAL, channel: "来访", title: $t, area: "420102002001" }) { id } }', { t });
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    }
    const { page, pageErrors } = await openPage(`${server.url}/?example=grid-households`, 'GridHouseholds');
    const query = 'query RecentCases($from: DateTimeISO) {\n  cases(first: 50, filter: { area: "420102002001", reportedFrom: $from }) {\n    totalCount\n    nodes { sourceNo title status area { code name } }\n  }\n}\n';
    await setEditors(page, query, JSON.stringify({ from: reportedFrom }));
    await run(page, 'RecentCases');
    const body = await resultJson(page);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.cases.nodes as any[];
    expect(nodes.map((n) => n.title)).toEqual(expect.arrayContaining(titles));
    const shown = await shownTable(page);
    expect(shown.columns).toEqual(['cases.totalCount', 'sourceNo', 'title', 'status', 'area.code', 'area.name']);
    expect(shown.rows.map((r) => r[2])).toEqual(nodes.map((n) => n.title));

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#huiju-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^RecentCases-\d{8}-\d{6}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the Chinese as UTF-8
    const csv = bytes.toString('utf8').slice(1);
    expect(csv).toContain(`"表格测试, 含逗号 ""引号"" ${stamp}"`);
    const records = readCsv(csv);
    expect(records[0]).toEqual(shown.columns);
    expect(records.slice(1)).toEqual(shown.rows);
    // and the same cells as the JSON
    expect(records.slice(1)).toEqual(nodes.map((n) => [text(body.data.cases.totalCount), n.sourceNo, n.title, n.status, n.area.code, n.area.name]));
    expect(records.slice(1).find((r) => r[2] === titles[0])?.[5]).toBe('丹城社区');

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.locator('#huiju-tsv').click();
    await expect.poll(() => page.locator('#huiju-table .status').textContent()).toContain(`${nodes.length} 行`);
    const tsv: string = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    const lines = tsv.split('\r\n');
    expect(lines[0]).toBe(shown.columns.join('\t'));
    expect(lines).toContain(shown.rows.find((r) => r[2] === titles[1])!.join('\t'));
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the example picker lists every example by its Chinese title and opens one in a new tab', async () => {
    const { page, pageErrors } = await openPage(`${server.url}/?example=grid-households`, 'GridHouseholds');
    const { PLAYGROUND_EXAMPLES } = await import('../../src/server/playground/examples');
    await page.locator('header.huiju details.examples summary').click();
    const titles = await page.locator('header.huiju details.examples li .title').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(PLAYGROUND_EXAMPLES.map((e) => e.title)));
    const tabsBefore = await page.locator('.graphiql-tab').count();
    await page.locator('header.huiju a[data-example="three-levels"]').click();
    await expect.poll(() => queryText(page)).toContain('ThreeLevels');
    expect(page.url()).toBe(`${server.url}/?example=grid-households`); // no page load
    expect(await page.locator('.graphiql-tab').count()).toBe(tabsBefore + 1);
    await run(page, 'ThreeLevels');
    const body = await resultJson(page);
    let residents = 0;
    for (const area of body.data.areas.nodes)
      for (const grid of area.grids.nodes) for (const hh of grid.households.nodes) residents += Math.max(1, hh.residents.nodes.length);
    const shown = await shownTable(page);
    expect(shown.rows).toHaveLength(residents);
    expect(shown.columns).toEqual(['areas.totalCount', 'areas.code', 'areas.name', 'areas.grids.code', 'areas.grids.households.householdNo', 'name', 'birthYear']);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  const SAVED = '[aria-label="Show 已保存的操作 Saved operations"]';
  const savedNames = (page: Page) => page.locator('.huiju-saved-list li button.open').allTextContents();

  it('saves an operation with its variables, keeps it over a reload, renames, opens, exports, deletes and imports it', async () => {
    const { page, pageErrors } = await openPage(`${server.url}/?example=grid-households`, 'GridHouseholds');
    page.on('dialog', (d) => void d.accept());
    await setEditors(page, 'query MyGrid($grid: String!) { grid(code: $grid) { code name } }', '{ "grid": "420102002001002" }');
    await page.locator(SAVED).click();
    expect(await page.locator('#huiju-saved-owner').textContent()).toBe('anonymous');
    await page.locator('.huiju-saved form.save input[name="name"]').fill('我的网格');
    await page.locator('.huiju-saved button.huiju-save').click();
    await expect.poll(() => savedNames(page)).toEqual(['我的网格']);

    await page.reload();
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    await page.locator(SAVED).click();
    await expect.poll(() => savedNames(page)).toEqual(['我的网格']);
    await page.locator('.huiju-saved-list li button.rename').click();
    await page.locator('.huiju-saved-list input[name="rename"]').fill('网格 002');
    await page.locator('.huiju-saved-list input[name="rename"]').press('Enter');
    await expect.poll(() => savedNames(page)).toEqual(['网格 002']);

    await page.locator('.huiju-saved-list li button.open').click();
    await expect.poll(() => queryText(page)).toContain('query MyGrid');
    expect(await page.evaluate(() => (globalThis as any).document.querySelector('.graphiql-editor-tool .CodeMirror')?.CodeMirror?.getValue())).toContain('420102002001002');
    await run(page, 'MyGrid');
    expect((await resultJson(page)).data.grid.code).toBe('420102002001002');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.huiju-saved button.export').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ format: 'huiju-saved-operations', owner: 'anonymous' });
    expect(exported.operations.map((o: any) => [o.name, o.variables])).toEqual([['网格 002', '{ "grid": "420102002001002" }']]);

    await page.locator('.huiju-saved-list li button.delete').click();
    await expect.poll(() => savedNames(page)).toEqual([]);
    const file = join(profileDir, 'saved.json');
    writeFileSync(file, JSON.stringify(exported));
    await page.locator('.huiju-saved label.import input[type="file"]').setInputFiles(file);
    await expect.poll(() => savedNames(page)).toEqual(['网格 002']);
    expect(await page.locator('.huiju-saved .status').textContent()).toContain('1 新增 added');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps saved operations per token subject: another token sees none of them, and no token is stored', async () => {
    const secret = 'browser-secret-0123456789-abcdefghijkl';
    const authHub: Hub = { ...h.hub, config: { ...h.hub.config, auth: { ...h.hub.config.auth, jwtSecret: secret } } };
    const authed = await startHttpServer(authHub, { port: 0, host: '127.0.0.1', routes: hubRoutes(authHub) });
    try {
      const grant = normaliseGrant({ role: 'COMMUNITY_STAFF', areas: ['420102002001'] });
      const tokenA = await issueToken(authHub.config.auth, grant, { subject: 'analyst-a', ttlSeconds: 600 });
      const tokenA2 = await issueToken(authHub.config.auth, grant, { subject: 'analyst-a', ttlSeconds: 900 });
      const tokenB = await issueToken(authHub.config.auth, grant, { subject: 'analyst-b', ttlSeconds: 600 });
      const { page, pageErrors } = await openPage(`${authed.url}/?example=grid-households`, 'GridHouseholds');
      await page.locator('#huiju-token').fill(tokenA);
      await page.locator(SAVED).click();
      await expect.poll(() => page.locator('#huiju-saved-owner').textContent()).toBe('analyst-a');
      await page.locator('.huiju-saved button.huiju-save').click(); // no name typed: the operation's name
      await expect.poll(() => savedNames(page)).toEqual(['GridHouseholds']);

      await page.reload(); // the token stays for this browser tab
      await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
      await page.locator(SAVED).click();
      await expect.poll(() => savedNames(page)).toEqual(['GridHouseholds']);

      await page.locator('#huiju-token').fill(tokenB);
      await expect.poll(() => page.locator('#huiju-saved-owner').textContent()).toBe('analyst-b');
      expect(await savedNames(page)).toEqual([]);
      await page.locator('#huiju-token').fill('');
      await expect.poll(() => page.locator('#huiju-saved-owner').textContent()).toBe('anonymous');
      expect(await savedNames(page)).toEqual([]);
      await page.locator('#huiju-token').fill(tokenA2); // a renewed token of the same subject
      await expect.poll(() => savedNames(page)).toEqual(['GridHouseholds']);

      const local: string = await page.evaluate(() => JSON.stringify((globalThis as any).localStorage));
      expect(local).toContain('GridHouseholds');
      for (const t of [tokenA, tokenA2, tokenB]) expect(local).not.toContain(t.split('.')[2]!);
      expect(pageErrors).toEqual([]);
      await page.close();
    } finally {
      await authed.close();
    }
  }, 120_000);
});
