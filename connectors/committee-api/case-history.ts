/**
 * The platform's coarse history on the case state machine: the SDK's builder
 * (src/sdk/case-history.ts, shared with manifest connectors' `caseHistory` function).
 */
export { buildCaseHistory, mapPlatformStatus, shortestLoop, type CaseHistory, type CaseHistoryInput, type PlatformStep } from '../../src/sdk/case-history';
