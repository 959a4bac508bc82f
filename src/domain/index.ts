/**
 * The pure domain library: identifiers, normalisation, the case state machine and masking.
 * No I/O, no clock, no database; everything here is safe to call from any layer.
 */
export * from './normalize';
export * from './citizen-id';
export * from './uscc';
export * from './area-code';
export * from './grid-code';
export * from './mobile';
export * from './mojibake';
export * from './case-state';
export * from './masking';
