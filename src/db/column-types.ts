import { type Kysely, sql } from 'kysely';

/** A table's column types as `format_type` spells them (`uuid`, `text[]`, `jsonb`, `numeric(12,2)` …), by column name. */
export type ColumnTypes = ReadonlyMap<string, string>;

/** Column types by table, read once per process (the canonical tables are the migrations' own), and reads under way. */
const TYPES = new Map<string, ColumnTypes>();
const READING = new Map<string, Promise<ColumnTypes>>();

/** The column types of `table` when they were read before, else `undefined` (then {@link columnTypes}). */
export function knownColumnTypes(table: string): ColumnTypes | undefined {
  return TYPES.get(table);
}

/** The column types of `table`, read from the catalog through `db` the first time (PostgreSQL and PGlite alike). */
// biome-ignore lint/suspicious/noExplicitAny: any store's tables; the name comes from the entity specs
export function columnTypes(db: Kysely<any>, table: string): Promise<ColumnTypes> {
  const known = TYPES.get(table);
  if (known) return Promise.resolve(known);
  let read = READING.get(table);
  if (!read) {
    read = sql<{ name: string; type: string }>`
      select attname as name, format_type(atttypid, atttypmod) as type
      from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`
      .execute(db)
      .then(({ rows }) => {
        const types: ColumnTypes = new Map(rows.map((r) => [r.name, r.type]));
        TYPES.set(table, types);
        return types;
      })
      // a failed read (an aborted transaction, say) is not kept: the next caller reads again
      .finally(() => READING.delete(table));
    READING.set(table, read);
  }
  return read;
}
