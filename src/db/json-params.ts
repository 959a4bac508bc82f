import { type RawBuilder, sql } from 'kysely';

/**
 * Lists sent as ONE JSON parameter. The `pg` driver escapes a `text[]` parameter element by
 * element in JavaScript; `JSON.stringify` of the same list is native and several times cheaper,
 * and the server unpacks it just as fast. Both work the same on PostgreSQL and PGlite.
 */

/**
 * A `text[]` from a list of texts, for `column = any(${textArray(keys)})`: the planner still uses
 * the column's index (the array is an init plan).
 */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  return sql<string[]>`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;
}

/**
 * Rows of texts from a list of tuples, for `(a, b, c) in (${textTuples(rows, 3)})`: each tuple a
 * JSON array of `width` strings.
 */
export function textTuples(rows: readonly (readonly string[])[], width: number): RawBuilder<unknown> {
  const columns = Array.from({ length: width }, (_, i) => sql`t ->> ${sql.lit(i)}`);
  return sql`select ${sql.join(columns)} from json_array_elements(${JSON.stringify(rows)}::json) as t`;
}
