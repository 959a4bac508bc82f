/**
 * Deterministic synthetic data for tests and demos: `generateWorld` builds the truth data
 * (the World) that is later rendered into the four source systems' inputs.
 */
export { generateWorld, type GenerateOptions } from './generate';
export { AS_OF, getProfile, PROFILES, type DemoProfile, type ProfileName, type Range } from './profiles';
export { cyrb128, rngFromString, Rng, subRng, WeightedTable } from './prng';
export { ID_NUMBER_DEFECTS, PERSON_DEFECT_CYCLE } from './plant';
export * from './world.types';
