import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { parseAreaCode } from '../../domain/area-code';
import type { Caller } from '../../auth/caller';
import { isUnscoped } from '../../auth/caller';
import { badUserInput } from '../errors';

/**
 * Area-subtree SQL. `admin_area.path` holds the '/'-joined 12-digit codes from the province
 * down, so "inside the subtree of code C" is `path like <C's path> || '%'`. Both the caller's
 * scope and a client's `area` filter are written this way, as a sub-select inside the one
 * statement of a list or a batch (never an extra round trip).
 */

/** `areaId` (an `admin_area.id` expression) lies inside the subtree of one of `codes` (12-digit). */
export function areaIdWithin(areaId: Expression<unknown>, codes: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${areaId} in (
    select __sa.id from admin_area __sa
    where __sa.path like any (select __ss.path || '%' from admin_area __ss where __ss.code = any(${[...codes]}::text[])))`;
}

/** The caller's area-scope condition on `areaId`, or `null` when the caller is not scoped. */
export function scopeCondition(caller: Caller, areaId: Expression<unknown>): RawBuilder<SqlBool> | null {
  if (isUnscoped(caller)) return null;
  if (caller.areaScope.length === 0) return sql<SqlBool>`false`;
  return areaIdWithin(areaId, caller.areaScope);
}

/** `cond` when given, else `true`: for `where(...)` with an optional condition. */
export function orTrue(cond: RawBuilder<SqlBool> | null): RawBuilder<SqlBool> {
  return cond ?? sql<SqlBool>`true`;
}

/**
 * A client's area code (6-digit GB/T 2260, 9-digit street or 12-digit NBS) as the 12-digit
 * code; a malformed one is `BAD_USER_INPUT` naming `field`.
 */
export function readAreaCode(code: string, field: string): string {
  const parsed = parseAreaCode(code);
  if (!parsed.ok) throw badUserInput(field, `${field}: ${parsed.message.replace(/^area code: /, '')}`);
  return parsed.code12;
}

/** A 15-digit grid code from a client; malformed is `BAD_USER_INPUT` naming `field`. */
export function readGridCode(code: string, field: string): string {
  const s = code.trim();
  if (!/^\d{15}$/.test(s) || s.endsWith('000')) throw badUserInput(field, `${field}: a grid code is 15 digits (community code + 3-digit sequence)`);
  return s;
}

/**
 * `areaId` lies inside the subtree of one of `codes`, or is an ancestor of one of them (for
 * street-level facts such as duty lists, which apply to every community of the street).
 */
export function areaIdWithinOrAbove(areaId: Expression<unknown>, codes: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${areaIdWithin(areaId, codes)} or exists (
    select 1 from admin_area __st, admin_area __sc
    where __st.id = ${areaId} and __sc.code = any(${[...codes]}::text[]) and __sc.path like __st.path || '%'))`;
}
