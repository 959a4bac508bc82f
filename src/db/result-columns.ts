import type pg from 'pg';

/**
 * The column types of a statement's result, kept on its rows array (#16). Kysely hands back a
 * result's rows and drops the driver's field descriptions; a few readers need them — the nested
 * pages read inside their parent's statement (src/graphql/common/joined-pages.ts) come back as
 * JSON and are turned back into what the driver would have made of each column by its type.
 * Both drivers' rows arrays carry them under {@link RESULT_COLUMNS} (not enumerable: rows are
 * still a plain array to everyone else).
 */

/** A result column: its name and PostgreSQL type OID. */
export interface ResultColumn {
  readonly name: string;
  readonly typeOid: number;
}

export const RESULT_COLUMNS: unique symbol = Symbol('huiju.resultColumns');

/** The column types of the rows `rows` came from, when the driver reported them. */
export function resultColumnsOf(rows: readonly unknown[]): readonly ResultColumn[] | undefined {
  return (rows as { [RESULT_COLUMNS]?: readonly ResultColumn[] })[RESULT_COLUMNS];
}

/** Puts `fields` (pg's or PGlite's `{ name, dataTypeID }`) on `rows`. */
export function keepResultColumns(rows: unknown[], fields: readonly { name: string; dataTypeID: number }[] | undefined): void {
  if (!fields || !Array.isArray(rows)) return;
  Object.defineProperty(rows, RESULT_COLUMNS, { value: fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })), enumerable: false });
}

/** Makes every `select` of `pool`'s connections keep its column types on its rows. */
export function keepResultColumnsOn(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads; only the promise form Kysely uses is touched
    (client as any).query = (...args: unknown[]) => {
      const result = query(...args);
      if (typeof args[0] !== 'string' || !/^\s*select\b/i.test(args[0]) || !(result instanceof Promise)) return result;
      return result.then((r: pg.QueryResult) => {
        keepResultColumns(r.rows, r.fields);
        return r;
      });
    };
  });
}
