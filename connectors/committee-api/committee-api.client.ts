import { ConnectorError, type ConnectorLogger } from '../../src/sdk/index';
import { createHttpJsonClient, type BearerAuth, type HttpJsonClient } from '../../src/sdk/transports/http/index';
import type { CommitteeApiConfig } from './committee-api.config';

/** How user messages name the source. */
export const SOURCE_NAME = 'the committee platform';

/** Renew a token this long before the platform says it expires. */
const EXPIRY_MARGIN_MS = 30_000;

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

/** The token as configured, renewable when client credentials are configured. */
function bearerAuth(config: CommitteeApiConfig, tokenClient: HttpJsonClient, logger: ConnectorLogger | undefined): BearerAuth {
  let current = config.token;
  let expiresAtMs: number | null = null;
  const { clientId, clientSecret } = config;
  if (clientId === undefined || clientSecret === undefined) return { token: () => current! };

  let inflight: Promise<void> | null = null;
  const renew = (signal: AbortSignal | undefined): Promise<void> => {
    inflight ??= (async () => {
      const body = await tokenClient
        .postJson<unknown>(config.refreshUrl ?? 'v1/token', {
          form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
          auth: false,
          signal,
        })
        .catch((err: unknown) => {
          // OAuth answers a bad client with 400 (invalid_client / invalid_grant) as often as with 401
          if (err instanceof ConnectorError && err.details.status === 400) {
            throw new ConnectorError('config', 'AUTH_FAILED', `${SOURCE_NAME} refused the client credentials`, { internalMessage: err.internalMessage, cause: err, details: err.details as Record<string, unknown> });
          }
          throw err;
        });
      const token = (body as { access_token?: unknown } | null)?.access_token;
      const expiresIn = Number((body as { expires_in?: unknown } | null)?.expires_in);
      if (typeof token !== 'string' || token === '') {
        throw new ConnectorError('source', 'BAD_RESPONSE', `${SOURCE_NAME} answered the token request without an access token`, {
          internalMessage: 'token endpoint: no access_token in the response',
        });
      }
      current = token;
      expiresAtMs = Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 - EXPIRY_MARGIN_MS : null;
      logger?.debug({ expiresIn: Number.isFinite(expiresIn) ? expiresIn : null }, 'access token renewed');
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return {
    async token(signal) {
      if (current === undefined || (expiresAtMs !== null && Date.now() >= expiresAtMs)) await renew(signal);
      return current!;
    },
    refresh: renew,
  };
}
