import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../db/database';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';

/** The time budget of one API request. */
export interface RequestDeadline {
  /** Set once the budget is spent: no further statement of the request may start. */
  expired: boolean;
}

/** The deadline of the request whose code is running (resolvers, DataLoader batches), if any. */
const current = new AsyncLocalStorage<RequestDeadline>();

/** Runs `work` (one request's execution) under `deadline`; every statement it issues through {@link deadlineBoundDb} checks it. */
export function runWithDeadline<T>(deadline: RequestDeadline, work: () => T): T {
  return current.run(deadline, work);
}

function timeoutError() {
  return codedError(GRAPHQL_ERROR_CODES.REQUEST_TIMEOUT, 'The request ran out of time', {});
}

/**
 * Refuses statements of a request whose deadline has passed, and fails those that come back
 * after it: the execution that lost its budget ends at its next statement instead of running to
 * the end in the background, and its memory is released.
 */
class DeadlinePlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (current.getStore()?.expired) throw timeoutError();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (current.getStore()?.expired) throw timeoutError();
    return args.result;
  }
}

/** `db` with the deadline check on every statement (shares `db`'s pool). */
export function deadlineBoundDb(db: Kysely<Database>): Kysely<Database> {
  return db.withPlugin(new DeadlinePlugin());
}
