import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * The batching rule: SQL statements per request grow with the depth of the query, never with
 * the number of rows. Every list level is ONE statement whatever the number of parents
 * (DataLoaders per request, `row_number() over (partition by parent)` for nested pages), and
 * `totalCount` is lazy: it costs one more statement per level where it is selected, none where
 * it is not.
 *
 * For the 3-level query below (areas → grids → households → residents, depth 3):
 *   statements = depth + 1 (one per list level)          without totalCount
 *   statements = depth + 2 (… plus the root count)       with totalCount on the root list
 * and both are the same on the tiny world and on the ci world (~70× more rows).
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

describe.each(availableStoreKinds())('statements per request (%s)', (kind) => {
  const worlds: Record<'tiny' | 'ci', DemoHub | null> = { tiny: null, ci: null };
  beforeAll(async () => {
    worlds.tiny = await openDemoHub(kind, 'tiny');
    worlds.ci = await openDemoHub(kind, 'ci');
  }, 300_000);
  afterAll(async () => {
    await worlds.tiny?.close();
    await worlds.ci?.close();
  });

  async function measure(h: DemoHub, query: string, count: (data: any) => number = rowsOf): Promise<{ statements: number; rows: number }> {
    h.resetStatements();
    const data = dataOf(await h.gql(query));
    return { statements: h.statements().length, rows: count(data) };
  }

  it('is depth + 1 for the 3-level query at both data sizes, and depth + 2 with the root totalCount', async () => {
    const tiny = await measure(worlds.tiny!, threeLevels(false));
    const ci = await measure(worlds.ci!, threeLevels(false));
    expect(ci.rows).toBeGreaterThan(tiny.rows * 20);
    expect(tiny.statements).toBe(DEPTH + 1);
    expect(ci.statements).toBe(tiny.statements);

    const tinyCounted = await measure(worlds.tiny!, threeLevels(true));
    const ciCounted = await measure(worlds.ci!, threeLevels(true));
    expect(tinyCounted.statements).toBe(DEPTH + 2);
    expect(ciCounted.statements).toBe(tinyCounted.statements);
  });

  it('relations to single objects and lineage add one statement per level, not per row', async () => {
    const query = `{
      cases(first: 1000) {
        nodes { sourceNo grid { code community { name } } reporter { name sources { source } } handlers { role organization { name } } events { seq } sources { source } }
      }
    }`;
    const cases = (data: any) => data.cases.nodes.length;
    const tiny = await measure(worlds.tiny!, query, cases);
    const ci = await measure(worlds.ci!, query, cases);
    expect(ci.rows).toBeGreaterThan(tiny.rows * 10);
    expect(ci.statements).toBe(tiny.statements);
    // cases + grid + community + reporter + reporter sources + handlers + events + case sources
    // (sources of different entities at the same level share one statement)
    expect(tiny.statements).toBeLessThanOrEqual(8);
  });
});
