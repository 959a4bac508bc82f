import {
  FUSION_ELEMENT_DECLARATIONS,
  FUSION_FRESH_WITHIN_HOURS,
  FUSION_INDICATORS,
  type FusionElement,
  type FusionElementDeclaration,
  type FusionIndicatorDeclaration,
} from './fusion-index.config';
import type { FusionIndexConfig } from './fusion-index.config-schema';

/** An indicator with the weight, target and floor in force (defaults, or the operator's). */
export interface FusionIndicatorSettings extends FusionIndicatorDeclaration {}

/** An element with its weight in force and its indicators. */
export interface FusionElementSettings extends FusionElementDeclaration {
  readonly indicators: readonly FusionIndicatorSettings[];
}

/** The index as configured. */
export interface FusionSettings {
  readonly elements: readonly FusionElementSettings[];
  readonly indicators: readonly FusionIndicatorSettings[];
  readonly freshWithinHours: number;
}

const cache = new WeakMap<object, FusionSettings>();

/** The declared index with an operator's `fusionIndex` config applied (validated at start), made once per config object. */
export function fusionSettingsOf(config: FusionIndexConfig | undefined): FusionSettings {
  if (config && cache.has(config)) return cache.get(config)!;
  const indicators = FUSION_INDICATORS.map((i): FusionIndicatorSettings => ({ ...i, ...stripUndefined(config?.indicators[i.id] ?? {}) }));
  const elements = FUSION_ELEMENT_DECLARATIONS.map(
    (e): FusionElementSettings => ({ ...e, weight: config?.elements[e.element] ?? e.weight, indicators: indicators.filter((i) => i.element === e.element) }),
  );
  const settings: FusionSettings = { elements, indicators, freshWithinHours: config?.freshWithinHours ?? FUSION_FRESH_WITHIN_HOURS };
  if (config) cache.set(config, settings);
  return settings;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Score of a value: `target` scores 100, `floor` 0, linear between, clamped, rounded; null stays null. */
export function indicatorScore(value: number | null, target: number, floor: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const t = (value - floor) / (target - floor);
  return Math.round(Math.min(1, Math.max(0, t)) * 100);
}

/**
 * Weighted mean of scores, rounded; entries with a null score are left out and the rest
 * re-normalised; null when nothing (with a weight above 0) is left.
 */
export function weightedScore(parts: readonly { score: number | null; weight: number }[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (p.score === null || p.weight <= 0) continue;
    sum += p.score * p.weight;
    weights += p.weight;
  }
  return weights > 0 ? Math.round(sum / weights) : null;
}

export type { FusionElement };
