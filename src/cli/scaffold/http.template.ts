import { connectorIndexFile } from './index.template';
import { peopleMappingFunction } from './people-mapping.template';
import type { ScaffoldFiles, ScaffoldNames } from './scaffold-names';
import { peopleMappingNotes, scaffoldReadme } from './readme.template';

/**
 * `--kind http`: a JSON API read page by page with the SDK's HTTP transport (timeouts, retries,
 * bearer token, cursor pages), incrementally by `updated_at`. The conformance fixture serves
 * fixtures/people.json from a local `node:http` server.
 */
export function httpTemplate(n: ScaffoldNames): ScaffoldFiles {
  return {
    [`${n.id}.config.ts`]: `import { z } from 'zod';
import { secret } from '${n.sdk}';

/** The \`${n.id}\` connector's settings; README.md repeats them with an example. */
export const ${n.camel}Config = z
  .object({
    /** The API's base URL: \`people\` resolves under it. */
    baseUrl: z.url().describe('base URL of the API, e.g. https://platform.example.gov.cn/api/'),
    /** Bearer token; a secret (\`\${ENV_VAR}\` in the config file). */
    token: secret(z.string().min(1)).describe('bearer token (secret: \${ENV_VAR})'),
    /** Records per page. Default 100. */
    pageSize: z.number().int().min(1).max(1000).default(100).describe('records per page; default 100'),
  })
  .strict();

export type ${n.pascal}Config = z.infer<typeof ${n.camel}Config>;
`,
    'people.stream.ts': `import { change, defineStream, RecordError, type CanonicalChange, type ConnectorContext, type JsonValue, type ReadMessage } from '${n.sdk}';
import { createHttpJsonClient, cursorPages, type HttpJsonClient } from '${n.sdk}/transports/http';
import type { ${n.pascal}Config } from './${n.id}.config';

/** A person as the API returns it. */
export interface PersonItem {
  id?: string;
  id_number?: string;
  name?: string;
  mobile?: string | null;
  household_no?: string;
  updated_at?: string;
}

/** One page of \`GET people?updated_since=…&cursor=…&limit=…\`. */
interface PeoplePage {
  items: PersonItem[];
  next_cursor: string | null;
}

/** The client for a source: the SDK's (timeouts, retries, \`Retry-After\`, failure kinds). */
export function clientOf(ctx: ConnectorContext<${n.pascal}Config>): HttpJsonClient {
  return createHttpJsonClient({ baseUrl: ctx.config.baseUrl, sourceName: 'the ${n.title} API', signal: ctx.signal, logger: ctx.logger, auth: { token: () => ctx.config.token } });
}

/**
 * Reads the people updated after the cursor (\`{ updatedSince }\`, stored by the hub), page by
 * page, and checkpoints after each page that moved it.
 */
async function* readPeople(ctx: ConnectorContext<${n.pascal}Config>, cursor: JsonValue | null): AsyncIterable<ReadMessage> {
  const client = clientOf(ctx);
  const since = cursor && typeof cursor === 'object' && !Array.isArray(cursor) && typeof cursor.updatedSince === 'string' ? cursor.updatedSince : null;
  let latest = since;
  const pages = cursorPages<PersonItem>(
    async (next) => {
      const page = await client.getJson<PeoplePage>('people', { query: { updated_since: since, cursor: next, limit: ctx.config.pageSize } });
      return { items: page.items ?? [], nextCursor: page.next_cursor ?? null };
    },
    { signal: ctx.signal },
  );
  try {
    for await (const page of pages) {
      const before = latest;
      for (const item of page.items) {
        if (ctx.signal.aborted) return;
        if (item.updated_at && (latest === null || item.updated_at > latest)) latest = item.updated_at;
        yield { type: 'record', data: item, position: { page: page.page } };
      }
      if (latest !== null && latest !== before) yield { type: 'checkpoint', cursor: { updatedSince: latest } };
    }
  } catch (err) {
    // cancelled: just stop (what was read before the last checkpoint is kept)
    if (ctx.signal.aborted) return;
    throw err;
  }
}

${peopleMappingFunction({ fn: 'mapPerson', type: 'PersonItem', v: 'item', what: 'A person' })}

export const peopleStream = defineStream<${n.pascal}Config, PersonItem>({
  name: 'people',
  description: 'People and their households from the API, incrementally by updated_at',
  primaryKey: ['id'],
  cursorField: 'updated_at',
  personalFields: { name: ['name'], idNumber: ['id_number'], mobile: ['mobile'] },
  read: readPeople,
  externalId: (r) => \`people:\${r.id ?? ''}\`,
  version: (r, readAt) => r.updated_at ?? readAt,
  map: (r) => mapPerson(r),
});
`,
    'index.ts': connectorIndexFile(n, {
      kind: 'http',
      imports: [`import { defineConnector, isConnectorError } from '${n.sdk}';`],
      streamImports: ['clientOf'],
      description: 'People and their households from a JSON API',
      tryBody: `      await clientOf(ctx).getJson('people', { query: { limit: 1 } });
      return { ok: true, message: \`\${ctx.config.baseUrl} answers\` };`,
      catchBody: `      // the SDK's client says what went wrong as a failure kind: config (401, 403, 404), transient, source
      if (isConnectorError(err) && err.kind !== 'system') return { ok: false, kind: err.kind, message: err.message };
      throw err;`,
    }),
    'conformance.ts': `import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceFixture } from '${n.sdk}/conformance';
import type { PersonItem } from './people.stream';

/** The API's people, in the order it serves them. */
const PEOPLE = JSON.parse(readFileSync(new URL('./fixtures/people.json', import.meta.url), 'utf8')) as PersonItem[];
const TOKEN = 'conformance-token';
/** The fake API's base URL, once it listens. */
let served = 'http://127.0.0.1:9/api/';

/** A stand-in for the API: \`GET /api/people\` with bearer auth, \`updated_since\`, cursor pages of \`limit\`. */
function fakeApi(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname !== '/api/people') return send(404, { error: 'not found' });
    if (req.headers.authorization !== \`Bearer \${TOKEN}\`) return send(401, { error: 'unauthorized' });
    const since = url.searchParams.get('updated_since');
    const items = PEOPLE.filter((p) => !since || (p.updated_at ?? '') > since);
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const next = from + limit < items.length ? String(from + limit) : null;
    return send(200, { items: items.slice(from, from + limit), next_cursor: next });
  });
}

/** What one full run over fixtures/people.json must produce (the conformance suite checks it). */
export const conformance: ConformanceFixture = {
  async setup() {
    const server = fakeApi();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    served = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}/api/\`;
    return {
      config: { baseUrl: served, token: TOKEN, pageSize: 2 },
      teardown: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  // read after setup(), so they can name the fake API's port
  get badConfigs() {
    return [
      { name: 'a wrong token (401)', config: { baseUrl: served, token: 'not-the-token' }, kind: 'config' as const },
      { name: 'a wrong base URL (404)', config: { baseUrl: served.replace('/api/', '/v0/'), token: TOKEN }, kind: 'config' as const },
      { name: 'not a URL', config: { baseUrl: 'people', token: TOKEN }, kind: 'config' as const },
    ];
  },
  expected: {
    // p1, p2 applied; p3 bad check character; p4 no household_no; p1 again in a newer version
    // (applied); p6 invalid mobile; p7 applied
    people: { read: 7, applied: 4, deadLetters: { INVALID_ID_CHECKSUM: 1, MISSING_FIELD: 1, INVALID_MOBILE: 1 } },
  },
};
`,
    'fixtures/people.json': `${JSON.stringify(
      [
        { id: 'p1', id_number: '11010519491231002X', name: '张三', mobile: '13912345678', household_no: 'T-001', updated_at: '2026-06-01T08:00:00+08:00' },
        { id: 'p2', id_number: '440524188001010014', name: '李四', mobile: null, household_no: 'T-001', updated_at: '2026-06-01T08:05:00+08:00' },
        { id: 'p3', id_number: '36042619910102009X', name: '王五', mobile: null, household_no: 'T-002', updated_at: '2026-06-01T08:10:00+08:00' },
        { id: 'p4', id_number: '360426199101010071', name: '赵六', mobile: null, updated_at: '2026-06-01T08:15:00+08:00' },
        { id: 'p1', id_number: '11010519491231002x', name: '張三', mobile: '+86 139-1234-5678', household_no: 'T-001', updated_at: '2026-06-02T08:00:00+08:00' },
        { id: 'p6', id_number: '420102199003070010', name: '孙七', mobile: '12345678901', household_no: 'T-003', updated_at: '2026-06-02T08:05:00+08:00' },
        { id: 'p7', id_number: '420102198506150034', name: '周八', mobile: '13800001234', household_no: 'T-004', updated_at: '2026-06-02T08:10:00+08:00' },
      ],
      null,
      2,
    )}\n`,
    'README.md': scaffoldReadme(n, {
      kind: 'http',
      summary: 'Reads people from a JSON API (`GET people?updated_since=&cursor=&limit=`, bearer token), incrementally by `updated_at`, and maps each to a person, a household and the residency between them.',
      configRows: [
        ['baseUrl', 'URL', '— (required)', 'base URL of the API; `people` resolves under it'],
        ['token', 'string, secret', '— (required)', `bearer token: write \`\${ENV_VAR}\` in the config file`],
        ['pageSize', 'integer', '100', 'records per page'],
      ],
      configExample: `baseUrl: https://platform.example.gov.cn/api/\ntoken: \${PLATFORM_TOKEN}`,
      stream: `## Stream \`people\`

\`GET people\` with \`updated_since\` (the cursor), \`cursor\` (the API's page cursor, \`next_cursor\`) and
\`limit\`, through \`createHttpJsonClient\` + \`cursorPages\` from \`src/sdk/transports/http\`: timeouts,
retries with backoff, \`Retry-After\`, 401/403/404 as config failures, 5xx and 429 as transient.
The cursor is \`{ updatedSince }\`: the newest \`updated_at\` read, checkpointed after each page.

${peopleMappingNotes('`id_number`', '`name`, `mobile`', '`household_no`', '`updated_at`')}`,
      deadLetters: '`MISSING_FIELD` (no `id`, `id_number`, `name` or `household_no`), and what the write path finds: `INVALID_ID_CHECKSUM`, `INVALID_ID_DATE`, `INVALID_ID_FORMAT`, `INVALID_MOBILE`, `MOJIBAKE`.',
      fixtures: '`fixtures/people.json`, served by a local fake API in `conformance.ts` two per page: 7 read, 4 applied, 3 dead letters.',
    }),
  };
}
