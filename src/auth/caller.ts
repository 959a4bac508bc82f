import { type Permission, type ReadClass, type Role, ROLES, UNSCOPED_READ_CLASSES } from './roles';

/**
 * Who is asking: resolved once per request (src/auth/authenticate.ts) from a bearer token, an
 * API key, or — in development mode only — the loopback default, and carried by every GraphQL
 * request; every repository applies its area scope in SQL.
 */
export interface Caller {
  /** The caller's role (src/auth/roles.ts). */
  readonly role: Role;
  /**
   * 12-digit NBS codes whose subtrees the caller may read. How an empty list is read depends on
   * the role's scope rule: the whole store (`optional`), nothing (`required`), or ignored (`none`).
   */
  readonly areaScope: readonly string[];
  /** Who, for merges and the access log: a token's `sub`, `api-key:<id>`, `development` or `cli`. */
  readonly subject: string;
  /** The organisation the caller acts for (an `organization.id`), when the token names one. */
  readonly orgId?: string | null;
  /** APP callers: the GraphQL operation names they may run; `null`/absent for other roles. */
  readonly operations?: readonly string[] | null;
}

/** Every caller in development mode (no auth configured, loopback only), and the `huiju query` CLI. */
export const DEVELOPMENT_CALLER: Caller = Object.freeze({
  role: 'ADMIN',
  areaScope: Object.freeze([]) as readonly string[],
  subject: 'development',
});

/** The caller of the local CLI (`huiju query`), which holds the store itself. */
export const CLI_CALLER: Caller = Object.freeze({ role: 'ADMIN', areaScope: Object.freeze([]) as readonly string[], subject: 'cli' });

/** True when the caller's reads are not limited to an area scope. */
export function isUnscoped(caller: Caller): boolean {
  const rule = ROLES[caller.role].scope;
  return rule === 'none' || (rule === 'optional' && caller.areaScope.length === 0);
}

/** True when the caller's role may read data of `readClass` (and, for hub-wide classes, the caller is unscoped). */
export function canRead(caller: Caller, readClass: ReadClass): boolean {
  if (!(ROLES[caller.role].reads as readonly ReadClass[]).includes(readClass)) return false;
  return !UNSCOPED_READ_CLASSES.includes(readClass) || isUnscoped(caller);
}

/** True when the caller's role has `permission`. */
export function can(caller: Caller, permission: Permission): boolean {
  return (ROLES[caller.role].permissions as readonly Permission[]).includes(permission);
}

/** True when the caller's role sees L4 facts as rows (else the small-group rule applies). */
export function seesL4(caller: Caller): boolean {
  return ROLES[caller.role].l4;
}

/** Every caller when `auth.mode` is `open`: ADMIN on purpose, told apart from development in merges and the access log. */
export const OPEN_MODE_CALLER: Caller = Object.freeze({ role: 'ADMIN', areaScope: Object.freeze([]) as readonly string[], subject: 'open-mode' });
