import { rejectRecord } from './record-rejection';

/**
 * How long a text value the write path stores may be, in characters (UTF-16 code units, what
 * `String#length` counts), by what the value is. Declared once here; the natural-key helpers
 * (`natural-keys.ts`) and the runners' external ids check against them.
 *
 * Why: PostgreSQL refuses a B-tree index entry larger than about 2,700 bytes ("index row requires
 * 12032 bytes"), so one oversized cell in a keyed or indexed column (a natural key, a name, a
 * code, an external id) would fail the whole transaction it is written in. A value over its limit
 * is a dead letter of its own (`VALUE_TOO_LONG`, naming the field) instead. The key and name
 * limits keep every indexed value far below the index's limit even in 4-byte characters
 * (200 × 4 = 800 bytes); the text limits bound what a row, a change event and a page carry.
 */
export const TEXT_LIMITS = Object.freeze({
  /** Keys and codes: natural-key parts (户号, building number, unit, room, codes), external ids. */
  key: 200,
  /** Names of people, organisations, areas, grids and other named things. */
  name: 200,
  /** Vocabulary values the hub compares or groups on (category, channel, relation, usage). */
  label: 200,
  /** One-line display text: a title, an address, a legal basis, a unit's name. */
  text: 2_000,
  /** Multi-line free text: a case's content, a note. */
  freeText: 10_000,
});

/** Which limit of {@link TEXT_LIMITS} a value is held to. */
export type TextKind = keyof typeof TEXT_LIMITS;

/** The reason code of a value longer than its limit. */
export const VALUE_TOO_LONG = 'VALUE_TOO_LONG';

/**
 * Returns `value` when it is at most the limit of `kind`, else rejects the record (stage
 * VALIDATE, `VALUE_TOO_LONG`) naming `field` and the lengths — never the value, which may be
 * personal.
 */
export function withinLimit<T extends string | undefined>(value: T, field: string, kind: TextKind): T {
  const limit = TEXT_LIMITS[kind];
  if (value !== undefined && value.length > limit) {
    throw rejectRecord('VALIDATE', VALUE_TOO_LONG, `${field}: ${value.length} characters, longer than the limit of ${limit} for a ${kind === 'freeText' ? 'free text' : kind}`);
  }
  return value;
}
