import type { Caller } from '../../auth/caller';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';

/**
 * The operations views (dead letters, sync runs, sources) are for the hub's data engineers:
 * only an `ADMIN` caller reads them. Dead-letter payloads are masked like everything else.
 */
export function requireOperator(caller: Caller, field: string): void {
  if (caller.role !== 'ADMIN') throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `${field} is for operators (role ADMIN)`, { field });
}
