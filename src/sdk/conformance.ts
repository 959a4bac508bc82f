import type { CanonicalChange } from './canonical-change';
import type { JsonValue } from './connector';

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
