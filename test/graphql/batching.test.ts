import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * The batching rule: SQL statements per request grow with the depth of the query, never with
 * the number of rows. Every list level is ONE statement whatever the number of parents
 * (DataLoaders per request, one lateral subquery per parent in one statement for nested pages), and
 * `totalCount` is lazy: it costs one more statement per level where it is selected, none where
 * it is not. Nested lists are read inside their parent's statement by default
 * (src/graphql/common/joined-pages.ts); with `server.joinNestedLists` off, one statement per level.
 *
 * For the 3-level query below (areas → grids → households → residents, depth 3):
 *   statements = 1 (the levels joined), depth + 1 (one per list level, joins off)    without totalCount
 *   statements = 2, depth + 2 (… plus the root count)                                with totalCount on the root list
 * and all are the same on the tiny world and on the ci world (~70× more rows). The first request
 * of a joined shape also learns its levels' column types (one statement per nested level, once
 * per process): at most depth + 1 then too.
 */
const DEPTH = 3;

const threeLevels = (withCount: boolean) => `{
  areas(filter: { level: COMMUNITY }, first: 1000) {
    ${withCount ? 'totalCount' : ''}
    nodes {
      code
      grids(first: 1000) {
        nodes {
          code
          households(first: 1000) {
            nodes {
              householdNo
              residents(first: 1000) { edges { relation node { name birthYear } } }
            }
          }
        }
      }
    }
  }
}`;

function rowsOf(data: any): number {
  let n = 0;
  for (const area of data.areas.nodes) {
    n += 1;
    for (const grid of area.grids.nodes) {
      n += 1;
      for (const hh of grid.households.nodes) n += 1 + hh.residents.edges.length;
    }
  }
  return n;
}

/**
 * The two-size comparison loads the ci world once (on PostgreSQL when available — it loads it
 * faster — else on PGlite); the other store checks the same rule on the tiny world. The count is
 * a property of the resolvers, and both stores run the same SQL.
 */
const kinds = availableStoreKinds();
const bigWorldKind = kinds.includes('postgres') ? 'postgres' : 'pglite';

describe.each(kinds)('statements per request (%s)', (kind) => {
  const withCi = kind === bigWorldKind;
  const worlds: Record<'tiny' | 'ci', DemoHub | null> = { tiny: null, ci: null };
  beforeAll(async () => {
    // the queries fetch whole worlds (pages of 1,000 four levels deep) on purpose: no cost limit here
    const unlimited = { server: { maxCost: Number.MAX_SAFE_INTEGER } };
    worlds.tiny = await openDemoHub(kind, 'tiny', unlimited);
    if (withCi) worlds.ci = await openDemoHub(kind, 'ci', unlimited);
  }, 300_000);
  afterAll(async () => {
    await worlds.tiny?.close();
    await worlds.ci?.close();
  });

  async function measure(h: DemoHub, query: string, count: (data: any) => number = rowsOf, gql = h.gql): Promise<{ statements: number; rows: number }> {
    h.resetStatements();
    const data = dataOf(await gql(query));
    return { statements: h.statements().length, rows: count(data) };
  }

  /** The query measured on the same hub with its nested lists read one statement per level. */
  const perLevel = (h: DemoHub, query: string) => measure(h, query, rowsOf, h.gqlWith({ joinNestedLists: false }));

  it(`is 1 for the 3-level query (depth + 1 per level)${withCi ? ' at both data sizes' : ''}, one more with the root totalCount`, async () => {
    const first = await measure(worlds.tiny!, threeLevels(false));
    expect(first.statements).toBeLessThanOrEqual(DEPTH + 1);
    const tiny = await measure(worlds.tiny!, threeLevels(false));
    expect(tiny.statements).toBe(1);
    const tinyCounted = await measure(worlds.tiny!, threeLevels(true));
    expect(tinyCounted.statements).toBe(2);
    const tinyPerLevel = await perLevel(worlds.tiny!, threeLevels(false));
    expect(tinyPerLevel.statements).toBe(DEPTH + 1);
    expect(tinyPerLevel.rows).toBe(tiny.rows);
    expect((await perLevel(worlds.tiny!, threeLevels(true))).statements).toBe(DEPTH + 2);
    if (!withCi) return;
    await measure(worlds.ci!, threeLevels(false));
    const ci = await measure(worlds.ci!, threeLevels(false));
    expect(ci.rows).toBeGreaterThan(tiny.rows * 20);
    expect(ci.statements).toBe(tiny.statements);
    const ciCounted = await measure(worlds.ci!, threeLevels(true));
    expect(ciCounted.statements).toBe(tinyCounted.statements);
    const ciPerLevel = await perLevel(worlds.ci!, threeLevels(false));
    expect(ciPerLevel.statements).toBe(DEPTH + 1);
    expect(ciPerLevel.rows).toBe(ci.rows);
  });

  it('relations to single objects and lineage add one statement per level, not per row', async () => {
    const query = `{
      cases(first: 1000) {
        nodes { sourceNo grid { code community { name } } reporter { name sources { source } } handlers { role organization { name } } events { seq } sources { source } }
      }
    }`;
    const cases = (data: any) => data.cases.nodes.length;
    const tiny = await measure(worlds.tiny!, query, cases);
    // cases + grid + community + reporter + reporter sources + handlers + events + case sources
    // (sources of different entities at the same level share one statement)
    expect(tiny.statements).toBeLessThanOrEqual(8);
    if (!withCi) return;
    const ci = await measure(worlds.ci!, query, cases);
    expect(ci.rows).toBeGreaterThan(tiny.rows * 10);
    expect(ci.statements).toBe(tiny.statements);
  });
});
