import 'reflect-metadata';
import type { ApolloServer } from '@apollo/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREE_LEVELS } from '../../bench/support/hub-queries';
import { type Caller, DEVELOPMENT_CALLER } from '../../src/auth/caller';
import type { HubContext } from '../../src/graphql/context';
import { JSON_FAITHFUL_TYPES, rowShapeFor } from '../../src/graphql/common/joined-pages';
import { resultColumnsOf } from '../../src/db/result-columns';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import { availableStoreKinds } from '../support/test-hub';
import { askApollo, type DemoHub, dataOf, openDemoHub, withServerSettings } from './support/harness';
import { comparable, corpusCallers, operationCorpus } from './support/operation-corpus';

/**
 * Nested pages read inside their parent's statement (src/graphql/common/joined-pages.ts, setting
 * `server.joinNestedLists`, on by default) against one statement per level: for the shared
 * corpus and for operations that nest every joinable list — with cursors, aliases, fragments,
 * variables, both `nodes` and `edges`, empty and refused pages, deeper than the joins go — and for
 * callers of different roles and scopes, a hub with joins on answers byte for byte as the same
 * hub with them off, in fewer statements.
 */

/** Operations nesting the lists that declare a nested list. */
function nestedCorpus(householdsCursor: string) {
  return [
    { name: 'three levels', query: THREE_LEVELS, variables: {} },
    {
      name: 'nested with variables, aliases and fragments',
      query: `query N($g: Int!, $h: Int) { areas(filter: { level: COMMUNITY }, first: 3) { nodes { code
        small: grids(first: $g) { nodes { ...G } }
        large: grids(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code households(first: $h) { nodes { householdNo } } } } }
      } } }
      fragment G on Grid { code name households(first: 2) { pageInfo { hasNextPage hasPreviousPage } nodes { householdNo residents(first: 3) { totalCount edges { cursor relation category validFrom node { name gender birthYear ageBand } } } } } }`,
      variables: { g: 2, h: 3 },
    },
    {
      name: 'nested cursor and empty pages',
      query: `query C($after: String) { grids(first: 3) { nodes { code households(first: 3, after: $after) { nodes { householdNo } pageInfo { hasPreviousPage hasNextPage } } staff(first: 0) { nodes { __typename } pageInfo { hasNextPage } } } } }`,
      variables: { after: householdsCursor },
    },
    {
      name: 'the same list in nodes and edges, twice with different pages',
      query: `{ grids(first: 2) { nodes { code a: households(first: 1) { nodes { householdNo } } b: households(first: 2) { nodes { householdNo id } } } edges { node { households(first: 1) { nodes { householdNo } } } } } }`,
      variables: {},
    },
    {
      name: 'deeper than the joins go',
      query: `{ areas(filter: { level: STREET }, first: 1) { nodes { code children(first: 2) { nodes { code grids(first: 2) { nodes { code households(first: 2) { nodes { householdNo residents(first: 2) { nodes { name reportedCases(first: 2) { nodes { sourceNo status reportedAt } } activities(first: 2) { nodes { title } } } } } } } } } } } } }`,
      variables: {},
    },
    {
      name: 'every other joinable list',
      query: `{ grids(first: 2) { nodes { code buildings(first: 2) { nodes { id dwellings(first: 2) { nodes { id households(first: 2) { nodes { householdNo } } } } } } staff(first: 3) { nodes { role } } } }
        activities(first: 3) { nodes { title participants(first: 3) { edges { hours node { name } } } } }
        organizations(first: 5) { nodes { name handledCases(first: 2) { nodes { sourceNo title } } allianceMembers(first: 2) { nodes { __typename } } } }
        partyOrgs(first: 3) { nodes { name members(first: 2) { nodes { __typename } } } }
        persons(first: 5) { nodes { name reportedCases(first: 1) { nodes { sourceNo } } activities(first: 1) { nodes { title } } } } }`,
      variables: {},
    },
    { name: 'a nested page too large', query: '{ grids(first: 2) { nodes { code households(first: 5000) { nodes { householdNo } } } } }', variables: {} },
    { name: 'a bad nested cursor', query: '{ areas(first: 1) { nodes { grids(first: 1, after: "bm9wZQ") { nodes { code } } } } }', variables: {} },
    {
      // 21 nested lists under one root list (3 grids pages, each with 3 households pages, each with its residents), in 12 aliases
      name: 'more lists than one statement takes',
      query: `{ areas(filter: { level: COMMUNITY }, first: 2) { nodes { code ${[1, 2, 3].map((n) => `g${n}: grids(first: ${n}) { nodes { ...G } }`).join(' ')} } } }
        fragment G on Grid { ${[1, 2, 3].map((n) => `h${n}: households(first: ${n}) { nodes { householdNo residents(first: 2) { nodes { name } } } }`).join(' ')} }`,
      variables: {},
    },
    {
      name: 'a directive on a nested list',
      query: `query D($x: Boolean!) { grids(first: 2) { nodes { code households(first: 2) @include(if: $x) { nodes { householdNo } } } } }`,
      variables: { x: true },
    },
  ];
}

describe.each(availableStoreKinds())('nested pages joined into their parent statement (%s)', (kind) => {
  let h: DemoHub;
  let joined: ApolloServer<HubContext>;
  let perLevel: ApolloServer<HubContext>;
  let callers: Caller[];
  let householdsCursor: string;
  const offHub = () => withServerSettings(h.hub, { joinNestedLists: false });
  // the setting is read from the request's context: each server's requests have its own hub's, as the HTTP server makes them
  const ask = (server: ApolloServer<HubContext>, query: string, variables: Record<string, unknown>, caller: Caller) =>
    askApollo(server, server === joined ? h.hub : offHub(), query, variables, caller);

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    joined = createHubApolloServer(h.hub);
    perLevel = createHubApolloServer(offHub());
    await joined.start();
    await perLevel.start();
    householdsCursor = dataOf(await h.gql('{ grids(first: 1) { nodes { households(first: 1) { pageInfo { endCursor } } } } }')).grids.nodes[0].households.pageInfo.endCursor;
    expect(householdsCursor).toBeTruthy();
    callers = await corpusCallers(h);
  }, 300_000);
  afterAll(async () => {
    await joined?.stop();
    await perLevel?.stop();
    await h?.close();
  });

  it('answers every operation, for every caller, exactly as one statement per level does', async () => {
    let nonEmpty = 0;
    for (const caller of callers) {
      for (const { name, query, variables } of [...nestedCorpus(householdsCursor), ...operationCorpus()]) {
        const [a, b] = [await ask(joined, query, variables, caller), await ask(perLevel, query, variables, caller)];
        expect(comparable(a.body), `${name} as ${caller.role}`).toBe(comparable(b.body));
        expect(a.status, `${name} as ${caller.role}`).toBe(b.status);
        if (a.body.length > 200 && !a.body.includes('"errors"')) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20); // the comparison saw real pages, not just errors
  }, 600_000);

  it('reads the 3-level query in one statement (the per-level hub: one per level)', async () => {
    await ask(joined, THREE_LEVELS, {}, DEVELOPMENT_CALLER); // the first run of a shape learns its column types
    h.resetStatements();
    const a = await ask(joined, THREE_LEVELS, {}, DEVELOPMENT_CALLER);
    const joinedStatements = h.statements().length;
    h.resetStatements();
    const b = await ask(perLevel, THREE_LEVELS, {}, DEVELOPMENT_CALLER);
    expect(a.body).toBe(b.body);
    expect(JSON.parse(a.body).data.areas.nodes.length).toBeGreaterThan(0);
    expect(joinedStatements).toBe(1);
    expect(h.statements().length).toBe(4);
  });

  it('plans at most 16 nested lists into one statement, however many the document multiplies', async () => {
    const wide = nestedCorpus(householdsCursor).find((o) => o.name.startsWith('more lists'))!;
    await ask(joined, wide.query, {}, DEVELOPMENT_CALLER);
    h.resetStatements();
    const a = await ask(joined, wide.query, {}, DEVELOPMENT_CALLER);
    const statements = h.statements();
    const b = await ask(perLevel, wide.query, {}, DEVELOPMENT_CALLER);
    expect(a.body).toBe(b.body);
    expect(JSON.parse(a.body).errors).toBeUndefined();
    const joinsPerStatement = statements.map((s) => s.split('json_build_array').length - 1);
    expect(Math.max(...joinsPerStatement)).toBeGreaterThan(0);
    expect(Math.max(...joinsPerStatement)).toBeLessThanOrEqual(16);
  });

  it('keeps a scoped caller inside the scope at every joined level', async () => {
    const worker = callers[1]!;
    const body = JSON.parse((await ask(joined, THREE_LEVELS, {}, worker)).body);
    const all = JSON.parse((await ask(joined, THREE_LEVELS, {}, DEVELOPMENT_CALLER)).body);
    const households = (d: { areas: { nodes: { grids: { nodes: { households: { nodes: unknown[] } }[] } }[] } }) =>
      d.areas.nodes.flatMap((a) => a.grids.nodes.flatMap((g) => g.households.nodes)).length;
    expect(households(all.data)).toBeGreaterThan(0);
    expect(body.data.areas.nodes.length).toBeGreaterThan(0);
    // the worker sees only the grids of its community: fewer households than the administrator
    expect(households(body.data)).toBeLessThan(households(all.data));
  });

  it('turns each JSON-carried column type back into what the driver reads', async () => {
    const select = sql`select true as b, 'x'::name as nm, 'text'::text as t, 'ab '::char(3) as bp, 'v'::varchar as vc,
      '6f1c9d3e-0b1a-4c2d-9e8f-001122334455'::uuid as u, '2026-03-04'::date as d, '{"a":[1,2.5,"x"]}'::json as j, '{"b":{"c":null}}'::jsonb as jb,
      7::int2 as i2, 2147483647::int4 as i4, 9007199254740991::int8 as i8, 1.5::float4 as f4, 'NaN'::float8 as f8n, '-Infinity'::float8 as f8i,
      0.1::float8 as f8, 12.50::numeric as n, 'NaN'::numeric as nn, '2026-03-04 05:06:07.123456+08'::timestamptz as tz, '2026-03-04 05:06:07.9'::timestamp as ts,
      'infinity'::timestamptz as tzi, array[true, false] as ba, array[1, 2]::int2[] as i2a, array[3, null]::int4[] as i4a, array['a', null, 'c"d']::text[] as ta,
      array['x']::varchar[] as va, array['6f1c9d3e-0b1a-4c2d-9e8f-001122334455']::uuid[] as ua, null::timestamptz as tzn`;
    const { rows: direct } = await sql`${select}`.execute(h.hub.db);
    const columns = resultColumnsOf(direct);
    expect(columns?.length).toBe(28);
    // every type the statement above uses is one the decoder carries: none is left out untested
    expect(new Set(columns!.map((c) => c.typeOid))).toEqual(new Set(JSON_FAITHFUL_TYPES));
    const shape = rowShapeFor(columns!);
    expect(shape?.sent).toEqual(columns!.map((c) => c.name));
    const values = sql.join(shape!.sent.map((c) => sql.ref(`x.${c}`)));
    const { rows } = await sql<{ r: unknown[] }>`select json_build_array(${values}) as r from (${select}) as x`.execute(h.hub.db);
    const viaJson = shape!.read(rows[0]!.r, 'parent', 1);
    expect(viaJson).toEqual(direct[0]);
    expect(Object.keys(viaJson)).toEqual(Object.keys(direct[0] as object));
    expect((viaJson.tz as Date).getTime()).toBe((direct[0] as { tz: Date }).tz.getTime());
  });

  it('keeps a level whose columns JSON does not carry faithfully out of the join', async () => {
    const { rows } = await sql`select '\\x01'::bytea as b, interval '1 day' as i, array[now()] as ta`.execute(h.hub.db);
    const columns = resultColumnsOf(rows);
    expect(columns?.length).toBe(3);
    for (const c of columns!) expect(rowShapeFor([c])).toBeNull();
    // the parent and the row number are not sent: they are known where the row is read back
    const shape = rowShapeFor([{ name: 'id', typeOid: 2950 }, { name: '__parent', typeOid: 2950 }, { name: '__rn', typeOid: 20 }]);
    expect(shape?.sent).toEqual(['id']);
    expect(shape?.read(['a'], 'p', 3)).toEqual({ id: 'a', __parent: 'p', __rn: 3 });
    // two columns of one name: no join (the arrays would name them ambiguously)
    expect(rowShapeFor([{ name: 'id', typeOid: 2950 }, { name: 'id', typeOid: 2950 }])).toBeNull();
    // too wide for one json_build_array
    expect(rowShapeFor(Array.from({ length: 91 }, (_, i) => ({ name: `c${i}`, typeOid: 25 })))).toBeNull();
  });
});
