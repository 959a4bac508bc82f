import { SpanKind, trace } from '@opentelemetry/api';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { tracingEnabled } from './tracing';
import { withSpan } from './with-span';

/**
 * Longest `db.statement` recorded, in characters; longer text is cut with a marker (a batch
 * insert of a thousand rows repeats its placeholder list a thousand times).
 */
export const MAX_STATEMENT_CHARS = 4_000;

/**
 * `dialect` with a CLIENT span around every statement its connections run, a child of whatever
 * span is active (a GraphQL operation, an ingest batch): named by the statement's first keyword
 * (`SELECT`, `INSERT`, `BEGIN`, `COMMIT` …), with `db.system` = `postgresql` (PGlite is
 * PostgreSQL too) and `db.statement` = the SQL text as Kysely compiled it — placeholders
 * (`$1`), never the parameter values, which carry the personal information. The hub's SQL puts
 * every value in a parameter; `sql.lit` is used only for column names and config patterns.
 * A statement is traced only inside a span: the polling of background loops (the outbox relay,
 * the change feed, timers) would otherwise be a stream of root spans nobody asked for.
 * With tracing off a statement costs one boolean test more.
 */
export function tracedDialect(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TracedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** The statement's first keyword, upper case (`WITH` for a CTE), as the span name. */
function statementKeyword(sql: string): string {
  return /^\s*(?:\(\s*)?([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
}

function statementText(sql: string): string {
  return sql.length <= MAX_STATEMENT_CHARS ? sql : `${sql.slice(0, MAX_STATEMENT_CHARS)}… [${sql.length - MAX_STATEMENT_CHARS} more characters]`;
}

/** Runs one statement in a span (see {@link tracedDialect}). */
function traceStatement<R>(compiled: CompiledQuery, run: () => Promise<QueryResult<R>>): Promise<QueryResult<R>> {
  if (!tracingEnabled() || !trace.getActiveSpan()) return run();
  return withSpan(statementKeyword(compiled.sql), { 'db.system': 'postgresql', 'db.statement': statementText(compiled.sql) }, run, { kind: SpanKind.CLIENT });
}

/** A connection whose statements are traced; the driver's own connection stays inside. */
class TracedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return traceStatement(compiled, () => this.inner.executeQuery<R>(compiled));
  }

  /** Streamed statements are not traced (the hub streams none). */
  streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiled, chunkSize);
  }
}

/**
 * Hands out {@link TracedConnection}s while tracing is on (the driver's own connections while it
 * is off). `BEGIN`, `COMMIT` and `ROLLBACK` are spans too, around the driver's own commands on
 * its own connection (PostgreSQL's driver reaches private members of it there, as on release);
 * savepoint commands only run SQL, through the traced connection.
 */
class TracedDriver implements Driver {
  readonly savepoint?: Driver['savepoint'];
  readonly rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  readonly releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(private readonly inner: Driver) {
    this.savepoint = inner.savepoint?.bind(inner);
    this.rollbackToSavepoint = inner.rollbackToSavepoint?.bind(inner);
    this.releaseSavepoint = inner.releaseSavepoint?.bind(inner);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    return tracingEnabled() ? new TracedConnection(connection) : connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return traceCommand('BEGIN', () => this.inner.beginTransaction(own(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return traceCommand('COMMIT', () => this.inner.commitTransaction(own(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return traceCommand('ROLLBACK', () => this.inner.rollbackTransaction(own(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(own(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The driver's own connection inside a traced one. */
function own(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof TracedConnection ? connection.inner : connection;
}

/** A transaction command (`BEGIN` …) in a span like a statement's. */
function traceCommand(command: string, run: () => Promise<void>): Promise<void> {
  if (!tracingEnabled() || !trace.getActiveSpan()) return run();
  return withSpan(command, { 'db.system': 'postgresql', 'db.statement': command.toLowerCase() }, run, { kind: SpanKind.CLIENT });
}
