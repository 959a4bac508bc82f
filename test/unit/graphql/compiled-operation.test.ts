import { buildSchema, execute, type GraphQLSchema, getOperationAST, parse } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { compileOperation, executePlan, NotCompilable, PlanAbandoned, planFor } from '../../../src/graphql/execution/compiled-operation';

/**
 * The compiled execution (src/graphql/execution/compiled-operation.ts) on a small schema of its
 * own: it must give graphql-js's result wherever it answers, keep a level's loads in one batch,
 * refuse what it does not cover, and hand over (never half-answer) when a run goes wrong.
 */

const SDL = `
  interface Named { name: String! }
  type Query {
    shelves(first: Int = 2): [Shelf!]!
    shelf(id: ID!): Shelf
    named: Named
    strict: String!
    fails: String
    slowFail: String
    count: Int
  }
  type Shelf implements Named { id: ID! name: String! books(first: Int!): [Book!]! label(upper: Boolean): String rating: Float }
  type Book { title: String! year: Int author: Author }
  type Author { name: String! }
`;

interface Loads {
  /** Batches run, one per distinct tick in which book lists were asked. */
  batches: string[][];
}

function makeSchema(loads: Loads): GraphQLSchema {
  const schema = buildSchema(SDL);
  const shelves = [
    { id: 's1', name: 'Poetry', rating: 4.5 },
    { id: 's2', name: 'History', rating: null },
    { id: 's3', name: 'Maps', rating: 3 },
  ];
  let pending: { id: string; resolve: (v: unknown) => void }[] = [];
  const loadBooks = (id: string) =>
    new Promise((resolve) => {
      if (pending.length === 0)
        queueMicrotask(() => {
          const batch = pending;
          pending = [];
          loads.batches.push(batch.map((p) => p.id));
          for (const p of batch) p.resolve([1, 2, 3].map((n) => ({ title: `${p.id}-b${n}`, year: n === 2 ? null : 2000 + n, author: n === 3 ? null : { name: `A${n}` } })));
        });
      pending.push({ id, resolve });
    });
  const q = schema.getQueryType()!.getFields();
  q.shelves!.resolve = (_s, args: { first: number }) => Promise.resolve(shelves.slice(0, args.first));
  q.shelf!.resolve = (_s, args: { id: string }) => shelves.find((s) => s.id === args.id) ?? null;
  q.strict!.resolve = () => null;
  q.fails!.resolve = () => {
    throw new Error('boom');
  };
  q.slowFail!.resolve = () => new Promise((_r, reject) => setTimeout(() => reject(new Error('late boom')), 5));
  q.count!.resolve = () => 7;
  const shelf = schema.getType('Shelf') as import('graphql').GraphQLObjectType;
  const f = shelf.getFields();
  f.books!.resolve = (s: { id: string }, args: { first: number }) => loadBooks(s.id).then((books) => (books as unknown[]).slice(0, args.first));
  // graphql-js's default resolver calls a function property with (args, context, info)
  for (const s of shelves) (s as Record<string, unknown>).label = (args: { upper?: boolean }) => (args.upper ? s.name.toUpperCase() : s.name.toLowerCase());
  return schema;
}

async function both(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = getOperationAST(document)!;
  const compiledLoads: Loads = { batches: [] };
  const plainLoads: Loads = { batches: [] };
  const compiledSchema = makeSchema(compiledLoads);
  const plan = compileOperation(compiledSchema, document, operation);
  const compiled = await executePlan(plan, { variables, context: {} });
  const plain = await execute({ schema: makeSchema(plainLoads), document, variableValues: variables, contextValue: {} });
  return { compiled, plain, compiledLoads, plainLoads };
}

describe('compiled execution', () => {
  it('answers as graphql-js does: aliases, arguments from variables and defaults, fragments, __typename, nulls, function properties', async () => {
    const { compiled, plain, compiledLoads, plainLoads } = await both(
      `query Q($n: Int!, $up: Boolean) {
        count
        all: shelves(first: 3) { __typename id ...S books(first: $n) { title year author { name } } }
        two: shelves { name label(upper: $up) ... on Named { name } books(first: 1) { title } books(first: 1) { year } }
        one: shelf(id: "s2") { rating }
        none: shelf(id: "zz") { id }
      }
      fragment S on Shelf { name rating lower: label }`,
      { n: 2, up: true },
    );
    expect(plain.errors).toBeUndefined();
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(plain.data));
    expect((compiled as any).all[0].books).toHaveLength(2);
    // one batch for every shelf's books (both lists), as graphql-js with a batching loader
    expect(compiledLoads.batches).toEqual([['s1', 's2', 's3', 's1', 's2']]);
    expect(compiledLoads.batches).toEqual(plainLoads.batches);
  });

  it('does not compile what it does not cover', () => {
    const schema = makeSchema({ batches: [] });
    const reason = (source: string) => {
      const document = parse(source);
      try {
        compileOperation(schema, document, getOperationAST(document)!);
        return 'compiled';
      } catch (e) {
        expect(e).toBeInstanceOf(NotCompilable);
        return (e as Error).message;
      }
    };
    expect(reason('{ count }')).toBe('compiled');
    expect(reason('{ named { name } }')).toMatch(/interface or union/);
    expect(reason('query ($x: Boolean!) { count @include(if: $x) }')).toMatch(/directives/);
    expect(reason('{ count count shelves { id } shelves { name } }')).toBe('compiled');
    expect(reason('{ __schema { queryType { name } } }')).toMatch(/introspection/);
    expect(reason('mutation { count }')).toMatch(/mutation/);
    // cached per document: the same parsed document gets the same plan (or the same refusal)
    const document = parse('{ count }');
    const operation = getOperationAST(document)!;
    expect(planFor(schema, document, operation)).toBe(planFor(schema, document, operation));
    const refused = parse('{ named { name } }');
    expect(planFor(schema, refused, getOperationAST(refused)!)).toBeNull();
  });

  it('hands over a null in a non-null field, a throwing resolver and variables that do not coerce', async () => {
    const run = (source: string, variables: Record<string, unknown> = {}) => {
      const document = parse(source);
      const schema = makeSchema({ batches: [] });
      return executePlan(compileOperation(schema, document, getOperationAST(document)!), { variables, context: {} });
    };
    await expect(run('{ strict }')).rejects.toBeInstanceOf(PlanAbandoned);
    await expect(run('{ fails }')).rejects.toThrow('boom');
    await expect(run('query ($n: Int!) { shelves { books(first: $n) { title } } }', { n: 'two' })).rejects.toBeInstanceOf(PlanAbandoned);
  });

  it('waits for every load it started before it hands over (nothing left running, no unhandled rejection)', async () => {
    const document = parse('{ slowFail shelves(first: 3) { books(first: 1) { title } } fails }');
    const loads: Loads = { batches: [] };
    const plan = compileOperation(makeSchema(loads), document, getOperationAST(document)!);
    // `fails` throws synchronously after `slowFail` and `shelves` have started
    await expect(executePlan(plan, { variables: {}, context: {} })).rejects.toThrow('boom');
    await new Promise((r) => setTimeout(r, 20)); // slowFail rejects meanwhile: it is handled, vitest would report it otherwise
    const settled = parse('{ shelves(first: 3) { books(first: 1) { title } } slowFail }');
    const settledLoads: Loads = { batches: [] };
    await expect(executePlan(compileOperation(makeSchema(settledLoads), settled, getOperationAST(settled)!), { variables: {}, context: {} })).rejects.toThrow('late boom');
    // the failure came after the books were loaded: the run waited for them instead of leaving them behind
    expect(settledLoads.batches).toEqual([['s1', 's2', 's3']]);
  });
});
