import { type AliasedRawBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection as StatsOrderDirectionEnum } from '../common/order';
import { badUserInput } from '../errors';

/**
 * Grouped aggregates in ONE statement (`grouping sets ((), (keys…))`: the total and the groups
 * together), like caseStats; and the ordering and cut of their groups (`orderBy`, `limit`).
 */

/** Most groups one grouped aggregate may return (as caseStats). */
export const MAX_GROUPS = 5000;

/** One key of a dimension: its SQL expression and the output column it fills. */
export type GroupKey<C extends string> = readonly [RawBuilder<unknown>, C];

// biome-ignore lint: aggregates are built over queries of any shape
type AnySelect = SelectQueryBuilder<any, any, any>;

/**
 * Runs `q` grouped by `keys` with `figures`: every output key column not grouped by is null.
 * `keyColumns` lists every key column of the result type. Returns the total row and the group
 * rows (at most `MAX_GROUPS + 1`, so the caller can tell when there are too many: `BAD_USER_INPUT`
 * on `groupBy`).
 */
export async function groupedRows<R, C extends string>(
  q: AnySelect,
  keyColumns: readonly C[],
  keys: readonly GroupKey<C>[],
  figures: readonly AliasedRawBuilder<unknown, string>[],
  empty: R,
): Promise<{ total: R; groups: R[] }> {
  const selectKeys = keyColumns.map((column) => {
    const key = keys.find(([, c]) => c === column);
    return (key ? key[0] : sql`null::text`).as(column);
  });
  const grouping = keys.length === 0 ? sql<number>`0` : sql<number>`grouping(${sql.join(keys.map(([e]) => e))})`;
  let query = q.select([...selectKeys, ...figures, grouping.as('__total')]);
  if (keys.length > 0) {
    query = query.groupBy(sql`grouping sets ((), (${sql.join(keys.map(([e]) => e))}))` as never).orderBy(sql`${grouping} desc`);
    for (const [e] of keys) query = query.orderBy(sql`${e} asc nulls last`);
  }
  const rows = (await query.limit(MAX_GROUPS + 2).execute()) as (R & { __total: number })[];
  const allKeys = keys.length === 0 ? 0 : 2 ** keys.length - 1;
  const total = rows.find((r) => keys.length === 0 || r.__total === allKeys) ?? empty;
  const groups = keys.length === 0 ? [] : rows.filter((r) => r.__total !== allKeys);
  if (groups.length > MAX_GROUPS) {
    throw badUserInput('groupBy', `groupBy: more than ${MAX_GROUPS} groups; narrow the filter or group by fewer dimensions`, { limit: MAX_GROUPS });
  }
  return { total, groups };
}

/** Dimensions of which a group may have at most one (calendar buckets). */
export function atMostOne<D extends string>(dimensions: readonly D[], exclusive: readonly D[]): void {
  if (dimensions.filter((d) => exclusive.includes(d)).length > 1) throw badUserInput('groupBy', `groupBy: at most one of ${exclusive.join(', ')}`);
}

/** What the groups of an aggregate can be ordered by. */
export const StatsOrderField = { KEY: 'KEY', COUNT: 'COUNT', MEMBERS: 'MEMBERS', PARTICIPANTS: 'PARTICIPANTS', HOURS: 'HOURS' } as const;
export type StatsOrderField = (typeof StatsOrderField)[keyof typeof StatsOrderField];
registerEnumType(StatsOrderField, {
  name: 'StatsOrderField',
  description: 'What the groups of an aggregate are ordered by. A figure the aggregate does not have is BAD_USER_INPUT.',
  valuesConfig: {
    KEY: { description: 'The group keys, in the order of groupBy (the default; periods sort in time order).' },
    COUNT: { description: 'The count (persons, households, activities).' },
    MEMBERS: { description: 'householdStats: current residents.' },
    PARTICIPANTS: { description: 'activityStats: participations.' },
    HOURS: { description: 'activityStats: volunteer service hours.' },
  },
});

/** Direction of a group ordering. */
export const StatsOrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
export type StatsOrderDirection = (typeof StatsOrderDirection)[keyof typeof StatsOrderDirection];

/** `orderBy` of an aggregate's groups. */
@InputType('StatsGroupOrder', {
  description:
    'Ordering of an aggregate\'s groups (e.g. the top categories: `{ field: COUNT, direction: DESC }` with `limit`). Ordered by a figure, groups withheld by the small-group rule come last, in key order: their place among the others would tell their size. Ordered by the keys, they keep their place.',
})
export class StatsGroupOrder {
  @Field(() => StatsOrderField, { description: 'KEY (default) or a figure.' })
  field!: StatsOrderField;

  // OrderDirection is registered by common/order.ts; the same GraphQL enum
  @Field(() => StatsOrderDirectionEnum, { nullable: true, defaultValue: 'ASC', description: 'ASC (default) or DESC; ties follow the keys.' })
  direction?: StatsOrderDirection | null;
}

/**
 * Orders and cuts the groups of an aggregate (after the small-group rule): by `order` (a figure
 * read by `figure`, ties by key order), withheld groups last in key order, at most `limit`.
 * `figures` lists the fields the aggregate has (another is BAD_USER_INPUT on `orderBy.field`).
 */
export function orderGroups<G>(
  groups: readonly G[],
  withheld: ReadonlySet<number>,
  order: StatsGroupOrder | null | undefined,
  limit: number | null | undefined,
  figures: readonly Exclude<StatsOrderField, 'KEY'>[],
  figure: (group: G, field: Exclude<StatsOrderField, 'KEY'>) => number | null,
): G[] {
  if (limit != null && (!Number.isInteger(limit) || limit < 1 || limit > MAX_GROUPS)) throw badUserInput('limit', `limit: from 1 to ${MAX_GROUPS}`);
  const indexed = groups.map((g, i) => ({ g, i }));
  let all: G[];
  if (order && order.field !== 'KEY') {
    const field = order.field;
    if (!figures.includes(field)) throw badUserInput('orderBy.field', `orderBy.field: this aggregate has no ${field}`);
    const sign = order.direction === 'DESC' ? -1 : 1;
    // ordered by a figure, a withheld group's place would tell its size: withheld groups come last, in key order
    const shown = indexed.filter((x) => !withheld.has(x.i));
    const hidden = indexed.filter((x) => withheld.has(x.i));
    shown.sort((a, b) => sign * ((figure(a.g, field) ?? 0) - (figure(b.g, field) ?? 0)) || a.i - b.i);
    all = [...shown, ...hidden].map((x) => x.g);
  } else {
    // key order says nothing about sizes: withheld groups keep their place
    all = order?.direction === 'DESC' ? [...groups].reverse() : [...groups];
  }
  return limit != null ? all.slice(0, limit) : all;
}

/** `limit` argument description. */
export const LIMIT_DESCRIPTION = `At most this many groups (after ordering; 1–${MAX_GROUPS}).`;
