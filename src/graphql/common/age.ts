import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { CHINA_TODAY } from '../stats/time-buckets';

/**
 * Ages, in whole years in China time (time-buckets.ts: a calendar figure is taken in China time).
 * Birth dates are L3 and shown as the year only; these conditions are computed in SQL and never
 * return the date.
 */

/** Age from which a resident counts as elderly (老年人). */
export const ELDERLY_AGE = 60;
/** Age from which a resident counts as very old (高龄, 80+). */
export const OLD_AGE = 80;

/** `birthDate` is at least `years` whole years before today (China time): age ≥ years. Index-friendly (person_birth_date_idx). `years` is inlined as a literal, so the same expression can appear in a select list and its GROUP BY. */
export function agedAtLeast(birthDate: RawBuilder<unknown>, years: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`${birthDate} <= (${CHINA_TODAY} - make_interval(years => ${sql.lit(Math.trunc(years))}))::date`;
}

/** Age in whole years in China time (null without a birth date). */
export function ageOf(birthDate: RawBuilder<unknown>): RawBuilder<number | null> {
  return sql<number | null>`date_part('year', age(${CHINA_TODAY}, ${birthDate}))::int`;
}

/** The person is the only current resident of a household they currently live in (独居, from residencies — not the L4 tag). */
export function livingAloneCondition(personId: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from residency __la where __la.person_id = ${personId} and __la.valid_to is null
    and not exists (select 1 from residency __lb where __lb.household_id = __la.household_id and __lb.valid_to is null and __lb.person_id <> __la.person_id))`;
}
