// the Order input classes are declared while this module loads, possibly before schema.ts has loaded the polyfill
import 'reflect-metadata';
import { type RawBuilder, sql } from 'kysely';
import { type ClassType, Field, InputType, registerEnumType } from 'type-graphql';
import type { SortOrder, SortType } from './keyset';

/**
 * `orderBy` of the lists: one shared pattern. A list declares its sortable fields once
 * ({@link declareOrder}): each a NON-NULL SQL expression (coalesce what may be null) of a known
 * SQL type; ties are broken by the row id, so the order is total and keyset pagination stays
 * stable. The cursor carries the sort value, the id and the ordering (`FIELD:DIRECTION`): a cursor
 * from another ordering is `BAD_USER_INPUT` on `after` (keyset.ts `assertCursorFits`).
 *
 * What may not be a sortable field: anything whose order tells more than the row shows. Persons
 * are never sorted by name (stored clear, shown masked `张*`: the order of the pages would rank the
 * hidden given names — an oracle, with the exact-name filter, on the masked part) nor by birth
 * date (shown as the year only: the order within a year would reveal the day); nothing is sorted
 * by an L4 attribute (tags, party membership, political status), which would group the people
 * holding it together in the pages.
 */

/** ASC or DESC. */
export const OrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
export type OrderDirection = (typeof OrderDirection)[keyof typeof OrderDirection];
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Direction of an ordering.',
  valuesConfig: { ASC: { description: 'Ascending (smallest, earliest, A first).' }, DESC: { description: 'Descending (largest, latest first).' } },
});

/** One sortable field of a list: its SQL expression (never null) and type. */
export interface SortableField {
  readonly by: RawBuilder<unknown>;
  readonly type: SortType;
  /** What the field is, for the enum value's description. */
  readonly description: string;
}

/** What a client sends as `orderBy`. */
export interface OrderArg<F extends string = string> {
  field: F;
  direction?: OrderDirection | null;
}

/** A list's declared ordering: the `<Name>Order` input, its `<Name>OrderField` enum, and how to read it. */
export interface DeclaredOrder<F extends string> {
  /** The input type class (`<Name>Order`), for `@Arg('orderBy', () => X.Input)`. */
  readonly Input: ClassType<OrderArg<F>>;
  /** The enum object (`<Name>OrderField`). */
  readonly Field: Readonly<Record<F, F>>;
  /** The ordering used when `orderBy` is absent. */
  readonly defaultOrder: { readonly field: F; readonly direction: OrderDirection };
  /** One line naming the sortable fields and the default, for the list field's description. */
  readonly describe: string;
  /** The keyset order of `arg` (or the default). */
  sortOrder(arg: OrderArg<F> | null | undefined): SortOrder;
}

/**
 * Declares the sortable fields of a list named `name` (`Person` → `PersonOrder`,
 * `PersonOrderField`). `id` is the row-id expression (the tie-breaker); `defaultOrder` the order
 * when the client gives none.
 */
export function declareOrder<F extends string>(
  name: string,
  fields: Readonly<Record<F, SortableField>>,
  id: RawBuilder<unknown>,
  defaultOrder: { field: NoInfer<F>; direction: OrderDirection },
): DeclaredOrder<F> {
  const names = Object.keys(fields) as F[];
  const FieldEnum = Object.fromEntries(names.map((f) => [f, f])) as Record<F, F>;
  registerEnumType(FieldEnum, {
    name: `${name}OrderField`,
    description: `What a ${name} list can be ordered by (ties by id).`,
    valuesConfig: Object.fromEntries(names.map((f) => [f, { description: fields[f].description }])) as Record<F, { description: string }>,
  });

  @InputType(`${name}Order`, { description: `An ordering of a ${name} list: a field and a direction; rows with equal values follow their id.` })
  class Order implements OrderArg<F> {
    @Field(() => FieldEnum, { description: 'The field to order by.' })
    field!: F;

    @Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC, description: 'ASC (default) or DESC.' })
    direction?: OrderDirection | null;
  }

  const describe = `Sortable by ${names.join(', ')} (orderBy; ties by id); default ${defaultOrder.field} ${defaultOrder.direction}.`;
  return {
    Input: Order,
    Field: FieldEnum,
    defaultOrder,
    describe,
    sortOrder(arg) {
      const field = arg?.field ?? defaultOrder.field;
      const direction = arg ? (arg.direction ?? OrderDirection.ASC) : defaultOrder.direction;
      const f = fields[field];
      return { by: f.by, type: f.type, direction: direction === 'ASC' ? 'asc' : 'desc', id, key: `${field}:${direction}` };
    },
  };
}

/**
 * The ordering of a list of coded things (areas, grids, duty items, party organisations): by
 * `CODE` (the default, ascending) or `NAME` (its normal form), rows aliased `alias` with columns
 * `code`, `name_norm` and `id`.
 */
export function declareCodeNameOrder(name: string, alias: string, codeDescription: string): DeclaredOrder<'CODE' | 'NAME'> {
  return declareOrder(
    name,
    {
      CODE: { by: sql.ref(`${alias}.code`), type: 'text', description: `${codeDescription} (default).` },
      NAME: { by: sql.ref(`${alias}.name_norm`), type: 'text', description: 'Name (normal form).' },
    },
    sql.ref(`${alias}.id`),
    { field: 'CODE', direction: 'ASC' },
  );
}
