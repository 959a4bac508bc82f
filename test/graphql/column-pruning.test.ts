import 'reflect-metadata';
import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { getNamedType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREA_COLUMNS } from '../../src/graphql/area/admin-area.type';
import { CASE_COLUMNS } from '../../src/graphql/case/case.type';
import type { ColumnPlan } from '../../src/graphql/common/columns';
import { GRID_COLUMNS } from '../../src/graphql/grid/grid.type';
import { HOUSEHOLD_COLUMNS } from '../../src/graphql/household/household.type';
import { PARTICIPANT_COLUMNS, RESIDENT_COLUMNS } from '../../src/graphql/person/person.repository';
import { PERSON_COLUMNS } from '../../src/graphql/person/person.type';
import { edgeColumns } from '../../src/graphql/common/columns';
import { buildHubSchema } from '../../src/graphql/schema';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * Column pruning (src/graphql/common/columns.ts): a list reads only the columns its selection
 * needs. For every field a plan lists, the field read through a pruned list must equal the same
 * field of the same node read whole (`node(id)` reads every column); and a list reads fewer
 * columns when asked for fewer fields, every column when asked for a field its plan does not list.
 */

/** The lists under test: how to reach each node type's pruned list, and its plan. */
const LISTS: { type: string; plan: ColumnPlan; list: (sel: string) => string; nodes: (data: any) => any[] }[] = [
  { type: 'Case', plan: CASE_COLUMNS, list: (s) => `{ cases(first: 15) { nodes { id ${s} } } }`, nodes: (d) => d.cases.nodes },
  { type: 'AdminArea', plan: AREA_COLUMNS, list: (s) => `{ areas(first: 15) { nodes { id ${s} } } }`, nodes: (d) => d.areas.nodes },
  { type: 'Grid', plan: GRID_COLUMNS, list: (s) => `{ areas(filter: { level: STREET }, first: 3) { nodes { grids(first: 5) { nodes { id ${s} } } } } }`, nodes: (d) => d.areas.nodes.flatMap((a: any) => a.grids.nodes) },
  { type: 'Household', plan: HOUSEHOLD_COLUMNS, list: (s) => `{ grids(first: 3) { nodes { households(first: 5) { nodes { id ${s} } } } } }`, nodes: (d) => d.grids.nodes.flatMap((g: any) => g.households.nodes) },
  {
    type: 'Person',
    plan: PERSON_COLUMNS,
    list: (s) => `{ households(first: 5) { nodes { residents(first: 5) { edges { node { id ${s} } } } } } }`,
    nodes: (d) => d.households.nodes.flatMap((h: any) => h.residents.edges.map((e: any) => e.node)),
  },
];

/** Lists whose edges carry fields of their own (ColumnPlan.edgeFields): how to reach each, and its statement's edge columns. */
const EDGE_LISTS: { type: string; plan: ColumnPlan; list: (sel: string) => string; edges: (data: any) => any[] }[] = [
  {
    type: 'HouseholdResidentEdge',
    plan: RESIDENT_COLUMNS,
    list: (s) => `{ households(first: 6) { nodes { residents(first: 5) { edges { ${s} node { id } } } } } }`,
    edges: (d) => d.households.nodes.flatMap((h: any) => h.residents.edges),
  },
  {
    type: 'ActivityParticipantEdge',
    plan: PARTICIPANT_COLUMNS,
    list: (s) => `{ activities(first: 6) { nodes { participants(first: 5) { edges { ${s} node { id } } } } } }`,
    edges: (d) => d.activities.nodes.flatMap((a: any) => a.participants.edges),
  },
];

const schema = buildHubSchema();

/** A selection of one field: leaves as they are, objects by `__typename`, required arguments refused. */
function selectionOf(field: GraphQLField<unknown, unknown>): string | null {
  if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) return null;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return field.name;
  if (isObjectType(named) && named.getFields().totalCount && !isListType(field.type)) return `${field.name} { totalCount }`;
  return `${field.name} { __typename }`;
}

describe.each(availableStoreKinds())('column pruning (%s)', (kind) => {
  let h: DemoHub;
  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  for (const { type, plan, list, nodes } of LISTS) {
    it(`${type}: every planned field read pruned equals the node read whole`, async () => {
      const objectType = schema.getType(type) as GraphQLObjectType;
      const fields = objectType.getFields();
      for (const name of Object.keys(plan.fields)) expect(fields[name], `${type}.${name} is a field`).toBeDefined();
      for (const name of Object.keys(plan.fields)) {
        const selection = selectionOf(fields[name]!);
        if (!selection) continue;
        const pruned = nodes(dataOf(await h.gql(list(selection))));
        expect(pruned.length, `${type} list has rows`).toBeGreaterThan(0);
        const whole = dataOf(await h.gql(`{ ${pruned.map((n, i) => `n${i}: node(id: ${JSON.stringify(n.id)}) { ... on ${type} { id ${selection} } }`).join(' ')} }`));
        for (const [i, n] of pruned.entries()) expect(n, `${type}.${name} of ${n.id}`).toEqual(whole[`n${i}`]);
      }
    });
  }

  for (const { type, plan, list, edges } of EDGE_LISTS) {
    it(`${type}: every planned edge field read alone equals it read with every edge field, and reads only its columns`, async () => {
      const edgeFields = Object.keys(plan.edgeFields!);
      const fields = (schema.getType(type) as GraphQLObjectType).getFields();
      // every field of the edge type other than node and cursor is planned (a new one would read every column)
      expect(Object.keys(fields).filter((f) => f !== 'node' && f !== 'cursor').sort()).toEqual([...edgeFields].sort());
      const all = edges(dataOf(await h.gql(list(edgeFields.join(' ')))));
      expect(all.length, `${type} list has rows`).toBeGreaterThan(0);
      const planned = edgeFields.flatMap((f) => plan.edgeFields![f]!);
      for (const name of edgeFields) {
        h.resetStatements();
        const alone = edges(dataOf(await h.gql(list(name))));
        expect(alone, `${type}.${name}`).toEqual(all.map((e) => ({ [name]: e[name], node: e.node })));
        const statement = h.statements().find((st) => st.includes(plan.edgeFields![name]![0]!))!;
        expect(statement, `${type}.${name}: a statement reads its column`).toBeDefined();
        for (const other of planned) if (!plan.edgeFields![name]!.includes(other)) expect(statement, `${type}.${name} reads no ${other}`).not.toContain(`as "${other}"`);
      }
      // no edge field selected: no edge column read
      h.resetStatements();
      dataOf(await h.gql(list('')));
      for (const column of planned) for (const st of h.statements()) expect(st).not.toContain(`as "${column}"`);
    });
  }

  it('edge columns: those a selection names, every one when it needs every column', () => {
    const edge = [
      ['__a', 'x.a'],
      ['__b', 'x.b'],
    ] as const;
    expect(edgeColumns(['__b', 'id', 'name'], edge)).toEqual({ node: ['id', 'name'], edge: ['x.b as __b'] });
    expect(edgeColumns(['id'], edge)).toEqual({ node: ['id'], edge: [] });
    expect(edgeColumns(null, edge)).toEqual({ node: null, edge: ['x.a as __a', 'x.b as __b'] });
  });

  it('a list reads the columns its selection needs, and every column for a field its plan does not list', async () => {
    h.resetStatements();
    dataOf(await h.gql('{ cases(first: 5) { nodes { sourceNo status } } }'));
    const narrow = h.statements().find((s) => s.includes('from "case_record"'))!;
    expect(narrow).toContain('"c"."source_no"');
    expect(narrow).not.toContain('"c"."content"');
    expect(narrow).not.toContain('"c".*');
    h.resetStatements();
    dataOf(await h.gql('{ areas(first: 5) { nodes { code stats { residents } } } }'));
    expect(Object.keys(AREA_COLUMNS.fields)).not.toContain('stats');
    expect(h.statements().find((s) => s.includes('from "admin_area"'))).toContain('"a".*');
  });

  it('two selections of one nested list in one request read apart', async () => {
    const data = dataOf(
      await h.gql(`{ grids(first: 3) { nodes {
        a: households(first: 3) { nodes { householdNo } }
        b: households(first: 3) { nodes { kind } }
      } } }`),
    );
    for (const g of data.grids.nodes) {
      for (const n of g.a.nodes) expect(typeof n.householdNo).toBe('string');
      for (const n of g.b.nodes) expect(typeof n.kind).toBe('string');
    }
  });
});
