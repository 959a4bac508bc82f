import type { ConnectorLogger } from '../../src/sdk/index';
import { clientCredentialsAuth } from '../../src/sdk/transports/http/client-credentials-auth';
import { createHttpJsonClient, type BearerAuth, type HttpJsonClient } from '../../src/sdk/transports/http/index';
import type { CommitteeApiConfig } from './committee-api.config';

/** How user messages name the source. */
export const SOURCE_NAME = 'the committee platform';

/** Options of {@link createCommitteeClient}. */
export interface CommitteeClientOptions {
  signal?: AbortSignal;
  logger?: ConnectorLogger;
  /** Overrides of the config's retry and timeout settings (`check()` uses fewer retries). */
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * The platform's JSON client: bearer token from the config; when `clientId`/`clientSecret` are
 * set, an expired token (401, or past `expires_in`) is renewed with the OAuth 2.0
 * client-credentials grant — `POST {refreshUrl}` with a form body `grant_type=client_credentials`,
 * `client_id`, `client_secret` → `{ access_token, expires_in }`.
 */
export function createCommitteeClient(config: CommitteeApiConfig, options: CommitteeClientOptions = {}): HttpJsonClient {
  const common = {
    baseUrl: config.baseUrl,
    sourceName: SOURCE_NAME,
    timeoutMs: options.timeoutMs ?? config.timeoutMs,
    deadlineMs: config.deadlineMs,
    maxResponseBytes: config.maxResponseBytes,
    retry: { maxRetries: options.maxRetries ?? config.maxRetries, baseDelayMs: config.retryBaseDelayMs, maxRetryAfterMs: config.maxRetryAfterMs },
    signal: options.signal,
    logger: options.logger,
  };
  return createHttpJsonClient({ ...common, auth: bearerAuth(config, createHttpJsonClient(common), options.logger) });
}

/** The token as configured, renewable when client credentials are configured (the SDK's {@link clientCredentialsAuth}). */
function bearerAuth(config: CommitteeApiConfig, tokenClient: HttpJsonClient, logger: ConnectorLogger | undefined): BearerAuth {
  return clientCredentialsAuth({
    tokenClient,
    tokenUrl: config.refreshUrl ?? 'v1/token',
    token: config.token,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    sourceName: SOURCE_NAME,
    logger,
  });
}
