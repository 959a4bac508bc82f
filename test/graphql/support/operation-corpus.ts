import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { getNamedType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql/index.js';
import { dashboardOperation, PAGE_1000, THREE_LEVELS } from '../../../bench/support/hub-queries';
import { type Caller, DEVELOPMENT_CALLER } from '../../../src/auth/caller';
import { buildHubSchema } from '../../../src/graphql/schema';
import { type DemoHub, dataOf } from './harness';
import { ANALYST_QUESTIONS } from '../../../src/server/playground/analyst-questions';
import { PLAYGROUND_EXAMPLES } from '../../../src/server/playground/examples';

/**
 * Operations that two ways of executing the same schema must answer alike
 * (test/graphql/compiled-execution.test.ts, test/graphql/joined-pages.test.ts): the playground's
 * examples and analyst questions, the benched operations, one operation per root list reading
 * every field of its nodes, and operations that fail.
 */

export interface CorpusOperation {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const schema = buildHubSchema();

/** One leaf or small object selection per field of `type` that needs no argument. */
export function everyField(type: GraphQLObjectType): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named)) {
      const fields = named.getFields();
      if (fields.totalCount && !isListType(field.type)) parts.push(`${field.name} { totalCount }`);
      else parts.push(`${field.name} { __typename ${Object.values(fields).find((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0)?.name ?? ''} }`);
    }
  }
  return parts.join(' ');
}

/** `{ list(first: 4) { totalCount nodes { every field } pageInfo { … } } }` for every root list without required arguments. */
export function rootListOperations(): { name: string; query: string }[] {
  const out: { name: string; query: string }[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const connection = getNamedType(field.type);
    if (!isObjectType(connection)) continue;
    const nodes = connection.getFields().nodes;
    if (!nodes) continue;
    const node = getNamedType(nodes.type);
    if (!isObjectType(node)) continue;
    const first = field.args.some((a) => a.name === 'first') ? '(first: 4)' : '';
    const total = connection.getFields().totalCount ? 'totalCount' : '';
    const pageInfo = connection.getFields().pageInfo ? 'pageInfo { hasNextPage endCursor }' : '';
    out.push({ name: field.name, query: `{ ${field.name}${first} { ${total} nodes { ${everyField(node)} } ${pageInfo} } }` });
  }
  return out;
}

/**
 * A response as compared: the text itself, except when two root fields failed and `data` is null —
 * graphql-js then reports whichever failure settled first, which depends on timing, not on the
 * path; such a response is compared by its error codes.
 */
export function comparable(body: string): string {
  const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  if (parsed.data !== null || !parsed.errors?.length) return body;
  return `data null, errors ${[...new Set(parsed.errors.map((e) => e.extensions?.code))].sort().join(',')}`;
}

/** The corpus of operations. */
export function operationCorpus(): CorpusOperation[] {
  return [
    ...PLAYGROUND_EXAMPLES.map((e) => ({ name: e.id, query: e.query, variables: e.variables })),
    ...ANALYST_QUESTIONS.map((e) => ({ name: e.id, query: e.query, variables: e.variables })),
    { name: 'three levels', query: THREE_LEVELS, variables: {} },
    { name: '1,000-row page', query: PAGE_1000, variables: {} },
    { name: 'dashboard', query: dashboardOperation(true), variables: { street: '420102002', period: '2026-Q2' } },
    ...rootListOperations().map((o) => ({ ...o, variables: {} })),
    {
      name: 'fragments, aliases, merged selections',
      query: `query F($n: Int!) { a: cases(first: $n) { nodes { ...C id grid { code } grid { name } } } b: cases(first: 2) { nodes { __typename sourceNo } } }
        fragment C on Case { id sourceNo status reportedAt title }`,
      variables: { n: 3 },
    },
    { name: 'not found', query: '{ area(code: "999999999999") { name } }', variables: {} },
    { name: 'bad global id', query: '{ node(id: "nope") { id } }', variables: {} },
    { name: 'bad variable', query: 'query ($n: Int!) { cases(first: $n) { nodes { id } } }', variables: { n: 'three' } },
    { name: 'page too large', query: '{ cases(first: 5000) { nodes { id } } }', variables: {} },
  ];
}

/**
 * The callers the corpus is run for: an administrator, a grid worker and community staff scoped to
 * one of the demo's communities each, and an analyst.
 */
export async function corpusCallers(h: DemoHub): Promise<Caller[]> {
  const communities = dataOf(await h.gql('{ areas(filter: { level: COMMUNITY }, first: 2) { nodes { code } } }')).areas.nodes.map((n: { code: string }) => n.code);
  if (communities.length === 0) throw new Error('the demo world has no community');
  return [
    DEVELOPMENT_CALLER,
    { role: 'GRID_WORKER', areaScope: [communities[0]], subject: 'test-grid-worker' },
    { role: 'ANALYST', areaScope: [], subject: 'test-analyst' },
    { role: 'COMMUNITY_STAFF', areaScope: [communities.at(-1)], subject: 'test-community' },
  ];
}
