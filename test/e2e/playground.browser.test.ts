import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseGrant } from '../../src/auth/grant';
import { issueToken } from '../../src/auth/jwt';
import type { Hub } from '../../src/hub';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { type DemoHub, openDemoHub } from '../graphql/support/harness';
import { startDemoServer } from '../graphql/support/http-harness';

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
    expect(await page.locator('header.huiju').innerText()).toContain('网格住户');
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
});
