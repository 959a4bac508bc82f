import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/graphql/common/global-id';
import { MAX_ALIASES, MAX_PAGE_SIZE, MAX_QUERY_DEPTH } from '../../../src/graphql/limits';
import { runQuery } from '../../../src/graphql/run-query';
import { createLogger } from '../../../src/logger';
import { createTestHub } from '../../support/test-hub';
import type { DemoHub, DemoWorld } from '../support/harness';

export function errorsLimitsSuite(world: () => DemoWorld): void {
  describe('coded errors and limits', () => {
    let h: DemoHub;
    beforeAll(async () => {
      h = world().h;
    });

    const firstError = async (query: string, variables: Record<string, unknown> = {}) => {
      const result = await h.gql(query, variables);
      expect(result.errors, JSON.stringify(result)).toBeDefined();
      return result.errors![0]!;
    };

    it.each([
      ['{ area(code: "42x102") { code } }', 'code'],
      ['{ households(filter: { area: "4201020" }) { totalCount } }', 'filter.area'],
      ['{ cases(filter: { grid: "420102002001000" }) { totalCount } }', 'filter.grid'],
      ['{ node(id: "not-a-global-id") { id } }', 'id'],
      ['{ node(id: "VW5rbm93bjoxMjM=") { id } }', 'id'],
      ['{ persons(after: "garbage") { totalCount } }', 'after'],
      ['{ persons(first: -1) { totalCount } }', 'first'],
      ['{ persons(filter: { name: "   " }) { totalCount } }', 'filter.name'],
      ['{ cases(filter: { reportedFrom: "2026-05-01T00:00:00Z", reportedTo: "2026-04-01T00:00:00Z" }) { totalCount } }', 'filter.reportedTo'],
      ['{ cases(filter: { dutyItem: "R3JpZDo3ZjAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA=" }) { totalCount } }', 'filter.dutyItem'],
      ['{ caseStats(groupBy: [DAY, MONTH]) { total { count } } }', 'groupBy'],
      ['{ grid(code: "420102002001001") { households(after: "bad") { totalCount } } }', 'after'],
    ])('%s → BAD_USER_INPUT naming %s', async (query, field) => {
      const error = await firstError(query);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toContain(field);
    });

    it('NOT_FOUND for a well-formed code or ID with nothing behind it', async () => {
      expect((await firstError('{ area(code: "110101") { code } }')).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'code' });
      expect((await firstError('{ grid(code: "420102009009009") { code } }')).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'code' });
      const id = toGlobalId('Person', '7f000000-0000-4000-8000-000000000000');
      expect((await firstError('query($id: ID!) { node(id: $id) { id } }', { id })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });

    it(`page size: first above ${MAX_PAGE_SIZE} is PAGE_SIZE_LIMIT_EXCEEDED, on root and nested lists`, async () => {
      const root = await firstError(`{ persons(first: ${MAX_PAGE_SIZE + 1}) { totalCount } }`);
      expect(root.extensions).toMatchObject({ code: 'PAGE_SIZE_LIMIT_EXCEEDED', field: 'first', limit: MAX_PAGE_SIZE });
      const nested = await firstError(`{ grids(first: 1) { nodes { households(first: 5000) { totalCount } } } }`);
      expect(nested.extensions).toMatchObject({ code: 'PAGE_SIZE_LIMIT_EXCEEDED', limit: MAX_PAGE_SIZE });
      const ok = await h.gql(`{ persons(first: ${MAX_PAGE_SIZE}) { totalCount } }`);
      expect(ok.errors).toBeUndefined();
    });

    it(`depth: more than ${MAX_QUERY_DEPTH} levels is QUERY_DEPTH_LIMIT_EXCEEDED (fragments followed)`, async () => {
      const nest = (n: number): string => (n === 0 ? 'code' : `parent { ${nest(n - 1)} }`);
      const tooDeep = `{ areas { nodes { ${nest(MAX_QUERY_DEPTH - 1)} } } }`; // areas, nodes, 15 × parent, code = 18 levels
      const justFits = `{ areas { nodes { ${nest(MAX_QUERY_DEPTH - 3)} } } }`;
      expect((await h.gql(justFits)).errors).toBeUndefined();
      const error = await firstError(tooDeep);
      expect(error.extensions).toMatchObject({ code: 'QUERY_DEPTH_LIMIT_EXCEEDED', limit: MAX_QUERY_DEPTH });
      const viaFragments = `
        fragment A on AdminArea { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } }
        fragment B on AdminArea { parent { parent { parent { parent { ...A } } } } }
        { areas { nodes { children { nodes { ...B } } } } }`; // 4 + 4 + 8 + code = 17 levels
      expect((await firstError(viaFragments)).extensions?.code).toBe('QUERY_DEPTH_LIMIT_EXCEEDED');
      // the playground's deepest example stays within the limit
      const ok = await h.gql(`{ grid(code: "420102002001001") { households { nodes { dwelling { building { project { company { details { ... on PropertyCompanyDetails { projects { nodes { code } } } } } } } } } } } }`);
      expect(ok.errors).toBeUndefined();
    });

    it(`aliases: more than ${MAX_ALIASES} is ALIAS_LIMIT_EXCEEDED`, async () => {
      const many = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: persons(first: 0) { totalCount }`).join('\n');
      expect((await firstError(`{ ${many} }`)).extensions).toMatchObject({ code: 'ALIAS_LIMIT_EXCEEDED', limit: MAX_ALIASES });
      const fine = Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}: persons(first: 0) { totalCount }`).join('\n');
      expect((await h.gql(`{ ${fine} }`)).errors).toBeUndefined();
    });

    it('parse and validation failures keep Apollo\'s codes', async () => {
      expect((await firstError('{ persons { ')).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect((await firstError('{ persons { nope } }')).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await firstError('query($n: Int!) { persons(first: $n) { totalCount } }', { n: 'x' })).extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('an unexpected failure is logged with its detail and shown as INTERNAL_SERVER_ERROR without it', async () => {
      const stream = new PassThrough();
      const lines: string[] = [];
      stream.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
      const broken = await createTestHub(world().kind);
      const hub = { ...broken, logger: createLogger({ level: 'error', destination: stream }) };
      await broken.close(); // the store is gone: every statement fails
      const result = await runQuery(hub, '{ persons(first: 1) { nodes { name } } }');
      await broken.destroy();
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(result)).not.toMatch(/stack|select|from|relation|closed|pool/i);
      const logged = lines.map((l) => JSON.parse(l));
      expect(logged.some((l) => l.msg === 'graphql request failed' && typeof l.err?.message === 'string' && l.err.message.length > 0)).toBe(true);
    });
  });
}
