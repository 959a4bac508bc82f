import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';

/**
 * Rows written with `COPY … FROM STDIN`, run through Kysely like any statement — so on a
 * transaction's connection, in its order (deferred writes included), failing with the same
 * SQLSTATEs an INSERT fails with (a unique violation is 23505 on the same constraint). COPY is
 * PostgreSQL's cheapest way in: no per-row executor, multi-row heap inserts, and a text format the
 * server splits without parsing JSON. For plain inserts of rows whose ids the hub made.
 *
 * The statement is `copy <table> (<columns>) from stdin` with the data as its one parameter
 * ({@link copyRows}); no server takes a parameter on COPY, so each store's connection runs it:
 * PostgreSQL as one write of the statement and its data ({@link copyRowsOn}), PGlite from a blob
 * (`COPY … FROM '/dev/blob'`, src/db/pglite-dialect.ts).
 */

const COPY_STATEMENT = /^copy ("[^"]+"|\w+) \(([^)]*)\) from stdin$/;

/**
 * The data of a COPY: its rows in COPY's text format ({@link copyLine}), a string each. Kept apart
 * until they are sent: encoding them one by one into one buffer ({@link encodeCopyLines}) takes a
 * fifth of the time that joining them into one string and encoding that takes (the joined text,
 * two-byte once any row holds Chinese, is what costs).
 */
export type CopyLines = readonly string[];

/** The statement that COPYs `lines` (text format: {@link copyLine}) into `columns` of `table`; columns left out take their defaults. */
export function copyRows(table: string, columns: readonly string[], lines: CopyLines): CompiledQuery {
  return CompiledQuery.raw(`copy ${identifier(table)} (${columns.map(identifier).join(', ')}) from stdin`, [lines]);
}

/** The data of a {@link copyRows} statement, or `undefined` when `sql` with `parameters` is not one. */
export function copyData(sql: unknown, parameters: unknown): CopyLines | undefined {
  if (typeof sql !== 'string' || !Array.isArray(parameters) || parameters.length !== 1 || !Array.isArray(parameters[0])) return undefined;
  return COPY_STATEMENT.test(sql) ? (parameters[0] as CopyLines) : undefined;
}

/**
 * `lines` as the UTF-8 bytes COPY reads: each encoded straight into one buffer, sized for the worst
 * case (three bytes per UTF-16 unit, which also covers a surrogate pair's four) rather than
 * measured first, which took longer than the encoding.
 */
export function encodeCopyLines(lines: CopyLines): Buffer {
  let units = 0;
  for (const line of lines) units += line.length;
  const out = Buffer.allocUnsafe(3 * units);
  let at = 0;
  for (const line of lines) at += out.write(line, at);
  return out.subarray(0, at);
}

/** A {@link copyRows} statement as PGlite runs it: from the blob passed with it. */
export function copyFromBlob(sql: string): string {
  return sql.replace(/ from stdin$/, ` from '/dev/blob'`);
}

/**
 * One row in COPY's text format, newline included: values tab-separated, `\N` for null and
 * undefined, backslash, tab, newline and carriage return escaped. A string goes as it is, a number,
 * bigint or boolean as `String` gives it, a `Date` in ISO 8601, anything else as its JSON text.
 */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const text = v === null || v === undefined ? '\\N' : escapeCopyText(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : v instanceof Date ? v.toISOString() : JSON.stringify(v));
    line += i === 0 ? text : `\t${text}`;
  }
  return `${line}\n`;
}

/**
 * The text COPY reads for `value` in a column of `type` (`format_type`'s spelling), or `undefined`
 * when it has none here (a nested list or an object in an array column): the caller writes that
 * row another way. The texts are the ones `json_populate_recordset` gives the same values: a
 * string as it is (in a json/jsonb column: its JSON, as any value there), a list in an array
 * column as an array literal, other values as {@link copyLine} writes them.
 */
export function copyValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb' || type === 'json') return JSON.stringify(value);
  if (type.endsWith('[]') && Array.isArray(value)) return arrayLiteral(value);
  return value;
}

/** `{"a","b",NULL}`; `undefined` for a nested list or an object. */
function arrayLiteral(list: readonly unknown[]): string | undefined {
  let out = '{';
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (i > 0) out += ',';
    if (e === null || e === undefined) out += 'NULL';
    else if (typeof e === 'object' && !(e instanceof Date)) return undefined;
    else out += `"${(e instanceof Date ? e.toISOString() : String(e)).replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCopyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Makes every connection of `pool` run {@link copyRows} statements as COPY FROM STDIN (install it
 * before anything else wraps `client.query`, so the COPY reaches the driver as it is). The result
 * is what an INSERT's would be: command `INSERT`, no rows, `rowCount` rows written.
 */
export function copyRowsOn(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads; only the (text, values) form Kysely uses is looked at
    (client as any).query = (...args: unknown[]) => {
      // (text, values), as Kysely calls it; the wrappers outside pass an undefined callback along
      const data = args[2] === undefined ? copyData(args[0], args[1]) : undefined;
      if (data === undefined) return query(...args);
      return new Promise((resolve, reject) => {
        query(
          new WholeCopyIn(args[0] as string, encodeCopyLines(data), (err, rowCount) => {
            // an INSERT's result: Kysely reports numAffectedRows for that command only
            if (err) reject(err);
            else resolve({ command: 'INSERT', rowCount, rows: [], fields: [] });
          }),
        );
      });
    };
  });
}

/** Bytes of COPY data per CopyData message. */
const COPY_MESSAGE_BYTES = 1 << 20;
/** The CopyDone message. */
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * A `COPY … FROM STDIN` as a query object of the `pg` driver (its `submit` protocol), sent whole:
 * the statement, its data (CopyData messages) and CopyDone in one go, when the driver submits it.
 * pg-copy-streams, used before, sent the data only once the server's CopyInResponse had come back
 * through the event loop: a COPY sent without waiting (deferred-writes.ts) while the write path
 * built its next statement waited for that statement to be built before its data left, the server
 * idle meanwhile ("ClientRead" in `pg_stat_activity`: 12 % of a Kafka apply's time, #16).
 *
 * PostgreSQL reads what follows the statement as the COPY's data; a COPY that fails before reading
 * it (an unknown table or column) has the server ignore the copy messages after it, as the
 * protocol provides for a client still sending. Either way the driver then sees ReadyForQuery.
 */
class WholeCopyIn {
  private rowCount = 0;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
    private readonly done: (err: Error | null, rowCount: number) => void,
  ) {}

  /** Called by the driver when the connection is free: writes the statement, the data and CopyDone. */
  submit(connection: { query(text: string): void; stream: { write(chunk: Buffer): boolean } }): void {
    connection.query(this.text);
    for (let at = 0; at < this.data.length; at += COPY_MESSAGE_BYTES) {
      const chunk = this.data.subarray(at, at + COPY_MESSAGE_BYTES);
      const header = Buffer.allocUnsafe(5);
      header[0] = 0x64; // CopyData
      header.writeUInt32BE(chunk.length + 4, 1);
      connection.stream.write(header);
      connection.stream.write(chunk);
    }
    connection.stream.write(COPY_DONE);
  }

  /** The driver's hook for its `query_timeout` (it replaces this); nothing to do otherwise. */
  callback(): void {}

  /** The data was sent with the statement: nothing to do when the server asks for it. */
  handleCopyInResponse(): void {}

  handleCommandComplete(message: { text?: string } | undefined): void {
    const match = /^COPY (\d+)/.exec(message?.text ?? '');
    if (match) this.rowCount = Number(match[1]);
  }

  /** After CommandComplete: the rows are in and the connection takes the next statement. */
  handleReadyForQuery(): void {
    this.callback();
    this.done(null, this.rowCount);
  }

  /** An ErrorResponse (the driver sends no ReadyForQuery to the query after it), or the connection lost. */
  handleError(err: Error): void {
    this.callback();
    this.done(err, 0);
  }
}

/** Runs a {@link copyRows} statement on PGlite; resolves the rows written. */
export async function copyRowsOnPglite(pglite: PGlite, sql: string, lines: CopyLines): Promise<number> {
  const result = await pglite.query(copyFromBlob(sql), [], { blob: new Blob([encodeCopyLines(lines)]) });
  return result.affectedRows ?? 0;
}
