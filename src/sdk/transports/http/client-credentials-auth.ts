import type { ConnectorLogger } from '../../connector';
import { ConnectorError } from '../../connector-error';
import type { BearerAuth, HttpJsonClient } from './http-json-client';

/** Renew a token this long before the source says it expires. */
const EXPIRY_MARGIN_MS = 30_000;

/** Options of {@link clientCredentialsAuth}. */
export interface ClientCredentialsAuthOptions {
  /** A client without `auth` the token requests are sent with (same base URL, retries, signal). */
  tokenClient: HttpJsonClient;
  /** Token endpoint, a path under the base URL or an absolute URL. */
  tokenUrl: string;
  /** A token to start with (optional: the first request then fetches one). */
  token?: string;
  /** OAuth 2.0 client id; without it (or without `clientSecret`) the token is used as it is and never renewed. */
  clientId?: string;
  clientSecret?: string;
  /** How user messages name the source. */
  sourceName: string;
  logger?: ConnectorLogger;
}

/**
 * Bearer authentication with the configured token; when `clientId`/`clientSecret` are set, an
 * expired token (401, or past `expires_in`) is renewed with the OAuth 2.0 client-credentials
 * grant — `POST {tokenUrl}` with a form body `grant_type=client_credentials`, `client_id`,
 * `client_secret` → `{ access_token, expires_in }`. A 400 from the token endpoint (invalid_client)
 * is `config` `AUTH_FAILED`; an answer without `access_token` is `source` `BAD_RESPONSE`.
 * Concurrent renewals share one request.
 */
export function clientCredentialsAuth(options: ClientCredentialsAuthOptions): BearerAuth {
  const { tokenClient, clientId, clientSecret, sourceName, logger } = options;
  let current = options.token;
  let expiresAtMs: number | null = null;
  if (clientId === undefined || clientSecret === undefined) return { token: () => current! };

  let inflight: Promise<void> | null = null;
  const renew = (signal: AbortSignal | undefined): Promise<void> => {
    inflight ??= (async () => {
      const body = await tokenClient
        .postJson<unknown>(options.tokenUrl, {
          form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
          auth: false,
          signal,
        })
        .catch((err: unknown) => {
          // OAuth answers a bad client with 400 (invalid_client / invalid_grant) as often as with 401
          if (err instanceof ConnectorError && err.details.status === 400) {
            throw new ConnectorError('config', 'AUTH_FAILED', `${sourceName} refused the client credentials`, { internalMessage: err.internalMessage, cause: err, details: err.details as Record<string, unknown> });
          }
          throw err;
        });
      const token = (body as { access_token?: unknown } | null)?.access_token;
      const expiresIn = Number((body as { expires_in?: unknown } | null)?.expires_in);
      if (typeof token !== 'string' || token === '') {
        throw new ConnectorError('source', 'BAD_RESPONSE', `${sourceName} answered the token request without an access token`, {
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
