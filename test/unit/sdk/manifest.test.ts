import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { resolveSources } from '../../../src/ingest/sync/resolve-source';
import type { ConnectorContext, ConnectorDefinition, ReadMessage } from '../../../src/sdk/connector';
import { manifestJsonSchemaText, MANIFEST_JSON_SCHEMA_FILE } from '../../../src/sdk/manifest/manifest-json-schema';
import { nextLink, parseManifest, type ManifestConfig } from '../../../src/sdk/manifest/index';
import { runCli } from '../../support/run-cli';

/**
 * Manifest connectors (src/sdk/manifest) against a tiny local HTTP server: every pagination mode,
 * every auth mode, retries through the SDK's client, the mapping language, and the problems a bad
 * manifest is refused with (each with its YAML path and line).
 */

/** 25 records `{ id, updated_at, name }`, one a minute. */
const RECORDS = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, updated_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), name: ` Name ${i + 1} ` }));
const PAGE = 10;

let server: Server;
let base: string;
/** Every request the server saw: path with query, and its headers. */
const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
let failNext = 0;
let tokenRequests = 0;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    seen.push({ url: req.url!, headers: req.headers });
    const auth = req.headers.authorization ?? '';
    if (url.pathname === '/oauth/token') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        tokenRequests++;
        const form = new URLSearchParams(body);
        if (form.get('client_id') === 'cid' && form.get('client_secret') === 'csecret') send(res, 200, { access_token: 'issued-token', expires_in: 3600 });
        else send(res, 400, { error: 'invalid_client' });
      });
      return;
    }
    if (failNext > 0) {
      failNext--;
      return send(res, 503, { error: 'busy' }, { 'retry-after': '0' });
    }
    const authorized: Record<string, boolean> = {
      '/bearer': auth === 'Bearer good-token',
      '/oauth': auth === 'Bearer issued-token',
      '/api-key': req.headers['x-api-key'] === 'Key k-123',
      '/basic': auth === `Basic ${Buffer.from('ann:pa:ss').toString('base64')}`,
    };
    const mode = url.pathname.split('/')[1] ?? '';
    if (`/${mode}` in authorized && !authorized[`/${mode}`]) return send(res, 401, { error: 'unauthorized' });
    const since = url.searchParams.get('since');
    const all = RECORDS.filter((r) => since === null || r.updated_at >= since);
    const pagination = url.pathname.split('/')[2];
    if (pagination === 'cursor' || pagination === undefined) {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const items = all.slice(start, start + PAGE);
      return send(res, 200, { result: { items }, meta: { next: start + PAGE < all.length ? String(start + PAGE) : null } });
    }
    if (pagination === 'pages') {
      const page = Number(url.searchParams.get('p'));
      const size = Number(url.searchParams.get('per_page'));
      return send(res, 200, all.slice((page - 1) * size, page * size));
    }
    if (pagination === 'offset') {
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      return send(res, 200, { data: all.slice(offset, offset + limit) });
    }
    if (pagination === 'link') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.ceil(all.length / PAGE);
      const links = [`<${url.pathname}?page=${last}>; rel="last"`];
      if (page < last) links.unshift(`</${mode}/link?page=${page + 1}>; rel="next"`);
      return send(res, 200, { data: all.slice((page - 1) * PAGE, page * PAGE) }, { link: links.join(', ') });
    }
    send(res, 404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** A manifest with one `items` stream; `stream` and `top` override parts of it. */
function manifest(stream: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  return stringify({
    manifestVersion: 1,
    id: 'tiny',
    version: '0.1.0',
    displayName: 'Tiny API',
    description: 'A tiny test API',
    config: {
      baseUrl: { type: 'url', required: true, description: 'Base URL' },
      token: { type: 'string', secret: true, description: 'Token' },
      apiKey: { type: 'string', secret: true, description: 'API key' },
      password: { type: 'string', secret: true, description: 'Password' },
      clientSecret: { type: 'string', secret: true, description: 'OAuth client secret' },
      pageSize: { type: 'integer', default: PAGE, description: 'Page size' },
    },
    http: { baseUrl: '{{config.baseUrl}}', retry: { baseDelayMs: 1, maxRetries: 3 } },
    check: { path: 'bearer' },
    streams: [
      {
        name: 'items',
        description: 'Items',
        path: 'none',
        primaryKey: ['id'],
        personalFields: { name: ['name'] },
        changes: [{ entity: 'person', data: { name: { fn: 'text', args: ['$.name'] }, idNumber: { const: '$literal' } } }],
        ...stream,
      },
    ],
    ...top,
  });
}

function load(text: string): ConnectorDefinition<ManifestConfig> {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.connector;
}

function context(config: ManifestConfig): ConnectorContext<ManifestConfig> {
  return { config, sourceId: 'tiny', signal: new AbortController().signal, baseDir: process.cwd(), logger: { debug() {}, info() {}, warn() {} } };
}

async function readAll(connector: ConnectorDefinition<ManifestConfig>, raw: Record<string, unknown>, cursor: unknown = null): Promise<ReadMessage[]> {
  const config = connector.config.parse({ baseUrl: base, ...raw });
  const out: ReadMessage[] = [];
  for await (const m of connector.streams[0]!.read(context(config), cursor as never)) out.push(m);
  return out;
}

const ids = (messages: ReadMessage[]) => messages.filter((m) => m.type === 'record').map((m) => (m.data as { id: number }).id);
const ALL_IDS = RECORDS.map((r) => r.id);

describe('manifest pagination', () => {
  it('cursor: follows the body\'s next cursor (nested record and cursor paths)', async () => {
    const c = load(manifest({ path: 'bearer/cursor', recordPath: 'result.items', pagination: { type: 'cursor', nextCursorPath: 'meta.next' } }, { auth: { type: 'bearer', token: '{{config.token}}' } }));
    expect(ids(await readAll(c, { token: 'good-token' }))).toEqual(ALL_IDS);
  });

  it('page-number: asks page after page until a short page', async () => {
    const c = load(manifest({ path: 'none/pages', recordPath: '', pagination: { type: 'page-number', pageParam: 'p', sizeParam: 'per_page', pageSize: '{{config.pageSize}}' } }));
    seen.length = 0;
    expect(ids(await readAll(c, { pageSize: 7 }))).toEqual(ALL_IDS);
    expect(seen.map((s) => new URL(s.url, base).searchParams.get('p'))).toEqual(['1', '2', '3', '4']);
  });

  it('offset: moves the offset by what each page held', async () => {
    const c = load(manifest({ path: 'none/offset', pagination: { type: 'offset', limit: 10 } }));
    seen.length = 0;
    expect(ids(await readAll(c, {}))).toEqual(ALL_IDS);
    expect(seen.map((s) => new URL(s.url, base).searchParams.get('offset'))).toEqual(['0', '10', '20']);
  });

  it('link-header: follows rel="next" until there is none', async () => {
    const c = load(manifest({ path: 'none/link', pagination: { type: 'link-header' } }));
    expect(ids(await readAll(c, {}))).toEqual(ALL_IDS);
    expect(nextLink('<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last"', 'https://a.example/x')).toBe('https://a.example/x?page=2');
    expect(nextLink('</x?page=3>; rel=next', 'https://a.example/x?page=2')).toBe('https://a.example/x?page=3');
    expect(nextLink('<https://a.example/x?page=9>; rel="last"', 'https://a.example/x')).toBeNull();
  });

  it('incremental: sends the cursor as the since parameter, checkpoints per page, and resumes without re-reading', async () => {
    const c = load(
      manifest({ path: 'none/cursor', recordPath: 'result.items', pagination: { type: 'cursor', nextCursorPath: 'meta.next' }, incremental: { cursorField: 'updated_at', requestParam: 'since' } }),
    );
    const first = await readAll(c, {});
    const checkpoints = first.filter((m) => m.type === 'checkpoint');
    expect(checkpoints).toHaveLength(3);
    const last = checkpoints.at(-1)!.cursor;
    expect(last).toEqual({ updatedSince: RECORDS.at(-1)!.updated_at, seenAtThatInstant: ['25'] });
    seen.length = 0;
    expect(ids(await readAll(c, {}, last))).toEqual([]);
    expect(new URL(seen[0]!.url, base).searchParams.get('since')).toBe(RECORDS.at(-1)!.updated_at);
  });

  it('spaces page requests by http.requestsPerSecond', async () => {
    const c = load(manifest({ path: 'none/offset', pagination: { type: 'offset', limit: 10 } }, { http: { baseUrl: '{{config.baseUrl}}', requestsPerSecond: 5 } }));
    const starts: number[] = [];
    const original = seen.push.bind(seen);
    seen.push = (...items) => {
      starts.push(Date.now());
      return original(...items);
    };
    try {
      expect(ids(await readAll(c, {}))).toEqual(ALL_IDS);
    } finally {
      seen.push = original;
    }
    expect(starts).toHaveLength(3);
    // 200 ms between request starts; seen at the server, latency may shift one arrival a little (unspaced, they are ms apart)
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(150);
  });

  it('retries a 503 through the SDK client (Retry-After) and fails BAD_RESPONSE when the record path is not a list', async () => {
    const c = load(manifest({ path: 'none/offset', pagination: { type: 'offset', limit: 10 } }));
    failNext = 2;
    expect(ids(await readAll(c, {}))).toEqual(ALL_IDS);
    const wrong = load(manifest({ path: 'none/offset', recordPath: 'items', pagination: { type: 'offset', limit: 10 } }));
    await expect(readAll(wrong, {})).rejects.toMatchObject({ kind: 'source', code: 'BAD_RESPONSE' });
  });
});

describe('manifest auth', () => {
  it('bearer: sends the token; a refused one fails check() as config', async () => {
    const c = load(manifest({ path: 'bearer/offset', pagination: { type: 'offset', limit: 10 } }, { auth: { type: 'bearer', token: '{{config.token}}' } }));
    expect(ids(await readAll(c, { token: 'good-token' }))).toEqual(ALL_IDS);
    expect(await c.check(context(c.config.parse({ baseUrl: base, token: 'good-token' })))).toMatchObject({ ok: true });
    expect(await c.check(context(c.config.parse({ baseUrl: base, token: 'bad' })))).toMatchObject({ ok: false, kind: 'config' });
  });

  it('api-key: puts the key, with its prefix, in the named header', async () => {
    const c = load(manifest({ path: 'api-key/offset', pagination: { type: 'offset', limit: 10 } }, { auth: { type: 'api-key', header: 'X-API-Key', prefix: 'Key ', value: '{{config.apiKey}}' } }));
    expect(ids(await readAll(c, { apiKey: 'k-123' }))).toEqual(ALL_IDS);
    await expect(readAll(c, { apiKey: 'wrong' })).rejects.toMatchObject({ kind: 'config', code: 'AUTH_FAILED' });
  });

  it('basic: sends user:password (a colon in the password included)', async () => {
    const c = load(manifest({ path: 'basic/offset', pagination: { type: 'offset', limit: 10 } }, { auth: { type: 'basic', username: 'ann', password: '{{config.password}}' } }));
    expect(ids(await readAll(c, { password: 'pa:ss' }))).toEqual(ALL_IDS);
  });

  it('oauth2-client-credentials: fetches a token with the client credentials, once; a wrong secret fails config', async () => {
    const c = load(
      manifest({ path: 'oauth/link', pagination: { type: 'link-header' } }, { auth: { type: 'oauth2-client-credentials', tokenUrl: 'oauth/token', clientId: 'cid', clientSecret: '{{config.clientSecret}}' } }),
    );
    tokenRequests = 0;
    expect(ids(await readAll(c, { clientSecret: 'csecret' }))).toEqual(ALL_IDS);
    expect(tokenRequests).toBe(1);
    await expect(readAll(c, { clientSecret: 'wrong' })).rejects.toMatchObject({ kind: 'config', code: 'AUTH_FAILED' });
  });
});

describe('manifest mapping', () => {
  it('maps with field paths, constants, functions, conditions, lookups and lists; a failing function dead-letters', () => {
    const c = load(
      manifest({
        let: {
          mobile: { fn: 'mobile', args: ['$.phone'] },
          kind: { switch: '$.type', cases: { 党员: 'MEMBER', 群众: 'RESIDENT' }, default: 'OTHER' },
        },
        changes: [
          {
            entity: 'person',
            data: {
              name: { fn: 'required', args: ['$.name', 'name'] },
              idNumber: { fn: 'citizenId', args: ['$.id_no'] },
              birthDate: { fn: 'birthDateFromId', args: ['$.id_no'] },
              mobile: '$mobile',
              tags: { each: { fn: 'splitTags', args: ['$.tags'] }, where: { fn: 'not', args: [{ fn: 'equals', args: ['@', '无'] }] } },
              // biome-ignore lint/suspicious/noThenProperty: the manifest's if/then expression, plain data
              note: { if: { fn: 'isMobile', args: ['$.phone'] }, then: { const: '$not-a-path' } },
              kind: '$kind',
            },
          },
          { entity: 'organization', each: '$.orgs', as: 'o', where: '$o.name', data: { name: '$o.name', uscc: { fn: 'uscc', args: ['$o.code'] } } },
        ],
      }),
    );
    const map = (r: unknown) => c.streams[0]!.map(r, { config: {}, sourceId: 'x' });
    expect(
      map({ name: ' 张三 ', id_no: '11010519491231002x', phone: '139 0000 1111', type: '党员', tags: '空巢、无、高龄', orgs: [{ name: '某社会组织', code: ' 51420100ma4kxxxx1 ' }, { name: null }] }),
    ).toEqual([
      { entity: 'person', data: { name: '张三', idNumber: '11010519491231002X', birthDate: '1949-12-31', mobile: '13900001111', tags: ['空巢', '高龄'], note: '$not-a-path', kind: 'MEMBER' } },
      { entity: 'organization', data: { name: '某社会组织', uscc: null } },
    ]);
    expect(map({ name: '李四', type: '其他', phone: '12345' })[0]!.data).toEqual({ name: '李四', idNumber: null, birthDate: null, mobile: null, tags: [], kind: 'OTHER' });
    expect(() => map({ type: '党员' })).toThrow(expect.objectContaining({ code: 'MISSING_FIELD' }));
  });

  it('never evaluates text as code', () => {
    const HOME_REF = ['$', '{process.env.HOME}'].join('');
    const c = load(manifest({ changes: [{ entity: 'person', data: { name: 'process.exit(1)', mobile: { const: HOME_REF }, idNumber: '$.a.constructor' } }] }));
    expect(c.streams[0]!.map({ a: {} }, { config: {}, sourceId: 'x' })).toEqual([{ entity: 'person', data: { name: 'process.exit(1)', mobile: HOME_REF, idNumber: null } }]);
    // a text starting with $ is a reference: an unknown one is refused when the manifest loads, never looked up
    const refused = parseManifest(manifest({ changes: [{ entity: 'person', data: { mobile: HOME_REF } }] }));
    expect(refused.ok ? [] : refused.problems.map((p) => p.path)).toEqual(['streams[0].changes[0].data.mobile']);
  });
});

describe('manifest problems', () => {
  it('lists every problem with its YAML path and line', () => {
    const text = manifest(
      {
        pagination: { type: 'cursor', nextCursorPath: 'next', cursorParm: 'c' },
        let: { a: { fn: 'normalisePhone', args: ['$.phone'] }, b: { fn: 'text', args: [] }, c: '$nope.x' },
        changes: [{ entity: 'persn', data: { name: '$.name' } }],
      },
      { auth: { type: 'bearer', token: '{{config.tokn}}' } },
    );
    const r = parseManifest(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = text.split('\n');
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(['streams[0].pagination.cursorParm', 'streams[0].changes[0].entity']));
    expect(lines[byPath['streams[0].pagination.cursorParm']!.line! - 1]).toContain('cursorParm');
    // the compile checks run once the schema passes
    const compiled = parseManifest(manifest({ let: { a: { fn: 'normalisePhone', args: ['$.phone'] }, b: { fn: 'text', args: [] }, c: '$nope.x' } }, { auth: { type: 'bearer', token: '{{config.tokn}}' } }));
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.problems.map((p) => [p.path, p.message.split(' (')[0]])).toEqual([
      ['auth.token', '{{config.tokn}}: no config field "tokn" — did you mean "token"?'],
      ['streams[0].let.a.fn', 'unknown function "normalisePhone"'],
      ['streams[0].let.b.args', 'text takes 1 argument(s), got 0'],
      ['streams[0].let.c', '"$nope.x": no variable "nope" here'],
    ]);
    // inside a discriminated union (pagination, auth) the suggestion comes from the option its `type` chose
    expect(byPath['streams[0].pagination.cursorParm']!.message).toBe('unknown key "cursorParm" — did you mean "cursorParam"?');
    const authTypo = parseManifest(manifest({}, { auth: { type: 'api-key', header: 'X-API-Key', vaule: '{{config.token}}' } }));
    expect(authTypo.ok ? [] : authTypo.problems.map((p) => [p.path, p.message])).toContainEqual(['auth.vaule', 'unknown key "vaule" — did you mean "value"?']);
    const pageTypo = parseManifest(manifest({ pagination: { type: 'page-number', pageSize: 50, strtPage: 0 } }));
    expect(pageTypo.ok ? [] : pageTypo.problems.map((p) => p.message)).toContain('unknown key "strtPage" — did you mean "startPage"?');
    const misspelt = parseManifest(manifest({ primaryKy: ['id'] }));
    expect(misspelt.ok ? [] : misspelt.problems.map((p) => p.message)).toContain('unknown key "primaryKy" — did you mean "primaryKey"?');
    expect(compiled.problems.every((p) => (p.line ?? 0) > 0)).toBe(true);
  });

  it('`huiju connectors validate` prints the problems and exits 1, or ok for the committee-api manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-manifest-'));
    const bad = join(dir, 'bad.manifest.yaml');
    writeFileSync(bad, manifest({ changes: [{ entity: 'person', data: { name: { fn: 'nope' } } }] }));
    const failed = await runCli(['connectors', 'validate', bad]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(/bad\.manifest\.yaml:\d+:\d+ {2}streams\[0\]\.changes\[0\]\.data\.name\.fn: unknown function "nope"/);
    const good = await runCli(['connectors', 'validate', fileURLToPath(new URL('../../../connectors/committee-api/committee-api.manifest.yaml', import.meta.url))]);
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toContain('streams: cases, activities, contact-assignments, alliance-members');
  });

  it('runs as `connector: manifest` from a source naming the file, confined to the config folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-manifest-src-'));
    writeFileSync(join(dir, 'tiny.manifest.yaml'), manifest({ path: 'none/offset', pagination: { type: 'offset', limit: 10 } }));
    const sources = resolveSources({ baseDir: dir, sources: [{ id: 'tiny-a', connector: 'manifest', config: { manifest: './tiny.manifest.yaml', baseUrl: base } }] } as never, []);
    expect(sources[0]).toMatchObject({ id: 'tiny-a', connector: { id: 'tiny' }, config: { baseUrl: base, pageSize: PAGE } });
    expect(() => resolveSources({ baseDir: dir, sources: [{ id: 'tiny-b', connector: 'manifest', config: { manifest: '../elsewhere.yaml', baseUrl: base } }] } as never, [])).toThrow(
      /sources\[tiny-b\]\.config\.manifest: resolves outside the config folder/,
    );
    writeFileSync(join(dir, 'broken.manifest.yaml'), manifest({ changes: [{ entity: 'persn', data: {} }] }));
    expect(() => resolveSources({ baseDir: dir, sources: [{ id: 'tiny-c', connector: 'manifest', config: { manifest: './broken.manifest.yaml', baseUrl: base } }] } as never, [])).toThrow(
      /sources\[tiny-c\]\.config\.manifest: \.\/broken\.manifest\.yaml is not a valid connector manifest:[\s\S]*streams\[0\]\.changes\[0\]\.entity/,
    );
  });

  it('has its JSON Schema file up to date (huiju connectors manifest-schema --write)', () => {
    const file = fileURLToPath(new URL(`../../../${MANIFEST_JSON_SCHEMA_FILE}`, import.meta.url));
    expect(readFileSync(file, 'utf8')).toBe(manifestJsonSchemaText());
  });
});
