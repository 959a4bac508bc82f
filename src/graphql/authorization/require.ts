import { type Caller, can, canRead } from '../../auth/caller';
import { PERMISSIONS, type Permission, READ_CLASSES, type ReadClass } from '../../auth/roles';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';

/**
 * Refuses (`FORBIDDEN`, naming `field`) a caller whose role does not read `readClass`. The
 * authorization plugin already refuses such operations before execution; resolvers of
 * operator-only root fields call this too, so the rule holds wherever the resolver is reached.
 */
export function requireRead(caller: Caller, readClass: ReadClass, field: string): void {
  if (!canRead(caller, readClass)) {
    throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `${field}: role ${caller.role} may not read ${READ_CLASSES[readClass]}`, { field });
  }
}

/** Refuses (`FORBIDDEN`, naming `field`) a caller whose role lacks `permission`. */
export function requirePermission(caller: Caller, permission: Permission, field: string): void {
  if (!can(caller, permission)) {
    throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `${field}: role ${caller.role} may not ${PERMISSIONS[permission]}`, { field, permission });
  }
}
