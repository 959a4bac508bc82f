import type { CanonicalChange } from './canonical-change';
import type { JsonValue } from './connector';
import { declaredValues, maskPersonalValue, WITHHELD, type PersonalFieldKind, type PersonalFields } from './personal-fields';

/**
 * What a connector folder supplies so the one conformance suite (test/connectors/) can run it:
 * a good config over its fixtures, bad configs that `check()` must refuse, and what a full run
 * over the fixtures must produce. Each connector exports one from `<id>/conformance.ts`.
 */
export interface ConformanceFixture {
  /**
   * Starts whatever the fixtures need (a fake HTTP platform, a topic filled with events) and
   * returns the good config plus a teardown. Called once per suite run.
   */
  setup(): Promise<{ config: Record<string, JsonValue>; teardown(): Promise<void> }>;
  /**
   * Reference data the fixtures' records refer to but do not carry themselves — the areas,
   * grids, people or projects another source would have loaded — as canonical changes (build
   * them with `change()`). The suite applies them through the hub's one write path before any
   * stream runs, as source `fixture` (stream `prerequisites`, one record per change, all in one
   * batch, so they may refer to each other in any order), and fails when any of them does not
   * apply. `expected` is then what a run yields on a store holding them. Leave it out when the
   * fixtures stand alone (a run on an empty store).
   */
  prerequisites?(): readonly CanonicalChange[] | Promise<readonly CanonicalChange[]>;
  /** Configs `check()` must answer `ok: false` for, with the failure kind it must report. */
  badConfigs: { name: string; config: Record<string, JsonValue>; kind: 'config' | 'transient' | 'source' }[];
  /**
   * Per stream, what one full run over the fixtures yields (after the prerequisites, if any):
   * records read, records applied, and dead letters by reason code.
   * `applied + sum(deadLetters) + unchanged = read` (unchanged counts stale versions too).
   */
  expected: Record<string, { read: number; applied: number; deadLetters: Record<string, number> }>;
}

/** Keys of canonical inputs whose values identify a person wherever they appear. */
const PERSONAL_CHANGE_KEYS = new Set(['idNumber', 'personIdNumber', 'memberIdNumber', 'reporterIdNumber', 'mobile', 'birthDate']);
/** Keys of canonical inputs that hold a person (a {@link PersonRef}): their `name` is a person's. */
const PERSON_OBJECT_KEYS = new Set(['person', 'reporter']);

/**
 * The personal values (names of people, ID numbers, mobiles, birth dates) a mapping put into its
 * canonical changes: what the stream's `personalFields` must cover, since a dead letter of the
 * same record must not show them. The conformance suite checks every fixture record with it.
 * Organisation, area and grid names are not personal and are not returned.
 */
export function personalValuesOf(changes: readonly CanonicalChange[]): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if ((typeof v === 'string' || typeof v === 'number') && String(v).trim().length >= 2) out.add(String(v).trim());
  };
  const walk = (value: unknown, inPerson: boolean): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, inPerson);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (PERSONAL_CHANGE_KEYS.has(k) || (inPerson && k === 'name')) add(v);
      else walk(v, PERSON_OBJECT_KEYS.has(k));
    }
  };
  for (const c of changes) walk(c.data, c.entity === 'person');
  return [...out];
}

/** A personal value to look for in masked output; `kind` when it was a declared field's. */
export interface ClearValue {
  value: string;
  kind?: PersonalFieldKind;
}

/**
 * The values of `clear` whose text still appears anywhere in `masked` (its JSON text). Withheld
 * and L4 values (short labels and room numbers like `201`, which occur inside codes and counts)
 * are left to {@link unwithheldValues}, and a declared value its kind's masking leaves as it is
 * (an address already cut to the building) is skipped.
 */
export function clearValuesIn(masked: unknown, clear: readonly ClearValue[]): string[] {
  const text = typeof masked === 'string' ? masked : JSON.stringify(masked ?? null);
  return clear
    .filter(({ value, kind }) => {
      if (kind === 'l4' || kind === 'withheld' || value.length < 2) return false;
      if (kind && maskPersonalValue(kind, value) === value) return false;
      return text.includes(value);
    })
    .map((c) => c.value);
}

/** The paths of a masked record whose declared withheld or L4 value is not withheld (`***`). */
export function unwithheldValues(masked: unknown, fields: PersonalFields): string[] {
  return declaredValues(masked, fields)
    .filter((v) => (v.kind === 'l4' || v.kind === 'withheld') && v.value !== WITHHELD)
    .map((v) => v.path);
}
