/**
 * The connector SDK: the only module connectors import. Everything a connector needs — the
 * contract, canonical change types, failure kinds, secrets, and the pure domain helpers for
 * identifiers and normalisation — is re-exported here.
 */
export * from './canonical-change';
export * from './connector';
export * from './connector-error';
export * from './secret';
export * from './source-path';
export * from './record-fields';
export * from './participations';
export { CANONICAL_ENTITY_DOCS, CANONICAL_NESTED_DOCS } from './canonical-reference';
export { PERSONAL_FIELD_KINDS, type PersonalFieldKind, type PersonalFields } from './personal-fields';
export { parseCitizenId } from '../domain/citizen-id';
export { parseUscc } from '../domain/uscc';
export { parseMobile } from '../domain/mobile';
export { parseGridCode } from '../domain/grid-code';
export { parseAreaCode } from '../domain/area-code';
export { detectMojibake } from '../domain/mojibake';
export { inferOrganizationKind } from '../domain/organization-name';
export { mapCoarseStatus, mapSatisfaction, pathBetween, CASE_STATUSES, type CaseStatus } from '../domain/case-state';
export { normalizeAddress, normalizeName, normalizeText, splitTags, stripLeadingApostrophe, toHalfWidth, toSimplified } from '../domain/normalize';
