import { defineConnector, isConnectorError, type CheckResult, type ConnectorContext } from '../../src/sdk/index';
import { activitiesStream } from './activities.stream';
import { allianceMembersStream } from './alliance-members.stream';
import { casesStream } from './cases.stream';
import { createCommitteeClient, SOURCE_NAME } from './committee-api.client';
import { committeeApiConfigSchema, type CommitteeApiConfig } from './committee-api.config';
import { contactAssignmentsStream } from './contact-assignments.stream';

export { committeeApiConfigSchema, type CommitteeApiConfig } from './committee-api.config';

/**
 * Can the platform be reached with this config? One `GET /v1/cases?limit=1` with at most two
 * retries and a 10 s limit, so a dead URL is reported quickly: `transient` when unreachable,
 * `config` for refused credentials or a wrong base URL, `source` for an unreadable answer.
 */
async function check(ctx: ConnectorContext<CommitteeApiConfig>): Promise<CheckResult> {
  const client = createCommitteeClient(ctx.config, {
    signal: ctx.signal,
    logger: ctx.logger,
    maxRetries: Math.min(ctx.config.maxRetries, 2),
    timeoutMs: Math.min(ctx.config.timeoutMs, 10_000),
  });
  try {
    await client.getJson('v1/cases', { query: { limit: 1 } });
    return { ok: true, message: `${SOURCE_NAME} answered` };
  } catch (err) {
    if (isConnectorError(err) && err.kind !== 'system') return { ok: false, kind: err.kind, message: err.message };
    throw err;
  }
}

/** S2, the residents' committee platform (居委会工作平台): cases, activities, contact assignments and alliance members over HTTP JSON. */
export const committeeApiConnector = defineConnector<CommitteeApiConfig>({
  id: 'committee-api',
  version: '1.0.0',
  displayName: "Residents' committee platform",
  description: "Cases (诉求 / 12345 工单), activities, party members' contact assignments and alliance members from a residents' committee platform's HTTP JSON API, read incrementally",
  config: committeeApiConfigSchema,
  check,
  streams: [casesStream, activitiesStream, contactAssignmentsStream, allianceMembersStream],
});
