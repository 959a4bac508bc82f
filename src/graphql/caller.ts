/**
 * Who is asking. Carried by every GraphQL request from day one; every repository applies it.
 *
 * - `ADMIN` with an empty `areaScope` reads the whole store (the default caller until tokens land).
 * - Every other caller — and an `ADMIN` with a non-empty scope — sees only rows inside the
 *   subtrees of the 12-digit area codes in `areaScope`; an empty scope then means nothing at all.
 *
 * Personal information is masked for every role (DOMAIN.md §6): clear reads need a permission
 * and an audited path that do not exist yet.
 */
export interface Caller {
  /** 管理员 / 街道 / 居委会 / 分析员 / 公众. */
  readonly role: CallerRole;
  /** 12-digit NBS codes whose subtrees the caller may read. */
  readonly areaScope: readonly string[];
}

/** Roles a caller may have. */
export const CALLER_ROLES = ['ADMIN', 'STREET', 'COMMITTEE', 'ANALYST', 'PUBLIC'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The caller used when none is given: full read access, masked personal information. */
export const FULL_ACCESS_CALLER: Caller = Object.freeze({ role: 'ADMIN', areaScope: Object.freeze([]) as readonly string[] });

/** True when the caller's reads are not limited to an area scope. */
export function isUnscoped(caller: Caller): boolean {
  return caller.role === 'ADMIN' && caller.areaScope.length === 0;
}
