import { type Caller, seesL4 } from '../../auth/caller';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';

/**
 * Refuses a list filter on an L4 attribute (party membership …) for a caller whose role does not
 * see L4 facts: the rows of such a list single out the people in the group (src/auth/small-group.ts).
 */
export function l4FilterForbidden(caller: Caller, field: string): void {
  if (!seesL4(caller)) {
    throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `${field} filters on an L4 attribute, which role ${caller.role} may not use`, { field });
  }
}
