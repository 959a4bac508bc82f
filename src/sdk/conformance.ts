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
  /** Configs `check()` must answer `ok: false` for, with the failure kind it must report. */
  badConfigs: { name: string; config: Record<string, JsonValue>; kind: 'config' | 'transient' | 'source' }[];
  /**
   * Per stream, what one full run over the fixtures yields: records read, records applied,
   * and dead letters by reason code. `applied + sum(deadLetters) + unchanged = read`.
   */
  expected: Record<string, { read: number; applied: number; deadLetters: Record<string, number> }>;
}
