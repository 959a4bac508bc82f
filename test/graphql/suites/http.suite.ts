import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/http-server';
import { MAX_BODY_BYTES } from '../../../src/graphql/server/graphql-http';
import { PLAYGROUND_EXAMPLES } from '../../../src/server/playground/examples';
import type { DemoHub, DemoWorld } from '../support/harness';
import { postGraphql, startDemoServer } from '../support/http-harness';

export function httpSuite(world: () => DemoWorld): void {
  describe('GraphQL over HTTP and the playground', () => {
    let h: DemoHub;
    let server: RunningServer;
    let scoped: RunningServer;
    beforeAll(async () => {
      h = world().h;
      server = await startDemoServer(h);
      scoped = await startDemoServer(h, { resolveCaller: () => ({ role: 'COMMUNITY_STAFF', areaScope: ['420102002001'], subject: 'test-community' }) });
    });
    afterAll(async () => {
      await server?.close();
      await scoped?.close();
    });

    it('POST /graphql answers JSON', async () => {
      const { status, body } = await postGraphql(server.url, '{ area(code: "420102") { name level } }');
      expect(status).toBe(200);
      expect(body).toEqual({ data: { area: { name: '江岸区', level: 'DISTRICT' } } });
    });

    it('answers compact JSON (no indentation: programs read it, the playground formats its own view)', async () => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ area(code: "420102") { name level } }' }),
      });
      expect(await res.text()).toBe('{"data":{"area":{"name":"江岸区","level":"DISTRICT"}}}');
    });

    it('GET /graphql runs queries (with a CSRF-safe header) and never mutations', async () => {
      const url = `${server.url}/graphql?query=${encodeURIComponent('{ areas(first: 1) { totalCount } }')}`;
      const ok = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as any).data.areas.totalCount).toBeGreaterThan(0);
      const csrf = await fetch(url); // a simple GET without a preflight header is refused (CSRF prevention)
      expect(csrf.status).toBe(400);
    });

    it('errors carry codes and HTTP statuses', async () => {
      const invalid = await postGraphql(server.url, '{ nope }');
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const bad = await postGraphql(server.url, '{ area(code: "x") { code } }');
      expect(bad.status).toBe(200);
      expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      expect(bad.body.errors[0].extensions.stacktrace).toBeUndefined();
      const notJson = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
      const huge = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(MAX_BODY_BYTES)}` }) });
      expect(huge.status).toBe(413); // delivered, not a connection reset
      expect(((await huge.json()) as any).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: MAX_BODY_BYTES });
    });

    it('every request gets its own context: the caller comes from the request, loaders are not shared', async () => {
      const q = '{ households(first: 0) { totalCount } }';
      const all = await postGraphql(server.url, q);
      const mine = await postGraphql(scoped.url, q);
      const filtered = await postGraphql(server.url, '{ households(filter: { area: "420102002001" }, first: 0) { totalCount } }');
      expect(mine.body.data.households.totalCount).toBe(filtered.body.data.households.totalCount);
      expect(mine.body.data.households.totalCount).toBeLessThan(all.body.data.households.totalCount);
      h.resetStatements();
      await postGraphql(server.url, '{ grids(first: 3) { nodes { community { name } } } }');
      const first = h.statements().length;
      h.resetStatements();
      await postGraphql(server.url, '{ grids(first: 3) { nodes { community { name } } } }');
      expect(h.statements().length).toBe(first); // nothing was cached from the previous request
      expect(first).toBe(2);
    });

    it('GET / and a browser GET /graphql serve the playground page, built from npm packages (no CDN)', async () => {
      for (const path of ['/', '/graphql']) {
        const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
        const html = await res.text();
        expect(PLAYGROUND_EXAMPLES.length).toBeGreaterThan(0);
        for (const e of PLAYGROUND_EXAMPLES) {
          expect(html).toContain(e.title);
          if (e.subtitle) expect(html).toContain(e.subtitle.replace("'", '&#39;'));
        }
        expect(html).not.toMatch(/(src|href)="https?:/);
        expect(html).toContain('/playground/playground.js');
      }
      const js = await fetch(`${server.url}/playground/playground.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      const script = await js.text();
      expect(script.length).toBeGreaterThan(100_000);
      expect(script).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|googleapis/);
      const css = await fetch(`${server.url}/playground/playground.css`);
      expect(css.headers.get('content-type')).toContain('text/css');
      expect((await css.text()).length).toBeGreaterThan(10_000);
    });
  });
}
