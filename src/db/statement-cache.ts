import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Named prepared statements for reads (#16): PostgreSQL parses and plans an unnamed statement on
 * every execution; a named one is parsed once per connection, and after a few executions may run
 * a cached generic plan. The hub's reads are a bounded set of statement texts (one per list,
 * filter shape and column set; values are always parameters), so each connection keeps the
 * `size` most recently used `select` statements prepared and deallocates the least recently used
 * one beyond that: memory per connection stays bounded whatever the clients ask.
 *
 * Only parameterised statements starting with `select` are prepared (writes, DDL and transaction
 * control stay unnamed). A prepared statement whose table changed shape under it (a migration
 * while the connection was open: PostgreSQL's "cached plan must not change result type") is
 * deallocated and the statement run once more, unnamed (inside a transaction block that retry
 * meets the aborted transaction, and the caller sees that error).
 */

/** The pg Client internals this relies on: the per-connection record of parsed statement names. */
interface ClientConnection {
  parsedStatements: Record<string, string>;
}

const FEATURE_NOT_SUPPORTED = '0A000';

/** Installs the statement cache on every connection `pool` opens; `size` statements per connection (0: none). */
export function cacheStatements(pool: pg.Pool, size: number): void {
  if (size <= 0) return;
  pool.on('connect', (client) => installOn(client, size));
}

function statementName(text: string): string {
  return `huiju_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

function installOn(client: pg.PoolClient, size: number): void {
  const connection = (client as unknown as { connection?: ClientConnection }).connection;
  if (!connection?.parsedStatements) return; // not the pg client this was written for: leave it unnamed
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  /** Prepared names in least-recently-used order (a Map iterates in insertion order). */
  const prepared = new Map<string, true>();
  const forget = (name: string) => {
    prepared.delete(name);
    delete connection.parsedStatements[name];
    // queued behind any query already submitted on this connection, before the next one
    query(`deallocate ${name}`).catch(() => {});
  };
  // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads, narrowed to the (text, values) form Kysely uses
  (client as any).query = (textOrConfig: unknown, values?: unknown, callback?: unknown) => {
    if (typeof textOrConfig !== 'string' || !Array.isArray(values) || callback !== undefined || !/^\s*select\b/i.test(textOrConfig)) {
      return query(textOrConfig, values, callback);
    }
    const name = statementName(textOrConfig);
    if (prepared.has(name)) prepared.delete(name);
    else if (prepared.size >= size) forget(prepared.keys().next().value as string);
    prepared.set(name, true);
    return query({ name, text: textOrConfig, values }).catch((error: { code?: string; message?: string }) => {
      if (error?.code !== FEATURE_NOT_SUPPORTED || !/cached plan/i.test(error.message ?? '')) throw error;
      forget(name);
      return query(textOrConfig, values);
    });
  };
}
