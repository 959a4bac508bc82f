import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../db/database';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';

/** The time budget of one API request. */
export interface RequestDeadline {
  /** Set once the budget is spent: no further statement of the request may start. */
  expired: boolean;
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
  constructor(private readonly deadline: RequestDeadline) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.deadline.expired) throw timeoutError();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.deadline.expired) throw timeoutError();
    return args.result;
  }
}

/**
 * `db` with `deadline` checked on every statement (shares `db`'s pool): one per request, made when
 * the request starts, so the request's resolvers and DataLoader batches carry it in their context
 * (no async context tracking, whose promise hooks would cost every promise of the process).
 */
export function deadlineBoundDb(db: Kysely<Database>, deadline: RequestDeadline): Kysely<Database> {
  return db.withPlugin(new DeadlinePlugin(deadline));
}
