import type { ConnectorLogger } from '../connector';
import { clientCredentialsAuth } from '../transports/http/client-credentials-auth';
import { createHttpJsonClient, type BearerAuth, type HttpJsonClient, type HttpJsonClientOptions } from '../transports/http/index';
import type { ConnectorManifest, ManifestAuth } from './manifest.schema';
import { settingNumber, settingText } from './manifest-settings';

/** Options of {@link createManifestClient}. */
export interface ManifestClientOptions {
  signal?: AbortSignal;
  logger?: ConnectorLogger;
  /** Overrides of the manifest's retries and attempt time limit (`check()` uses fewer). */
  maxRetries?: number;
  timeoutMs?: number;
}

/** How messages name the source: `http.sourceName`, else the display name. */
export function manifestSourceName(manifest: ConnectorManifest): string {
  return manifest.http.sourceName ?? manifest.displayName;
}

/**
 * The SDK's HTTP JSON client (timeouts, deadline, retries with backoff and `Retry-After`, 401
 * refresh) for one source of a manifest, with its authentication:
 *
 * - `bearer`: `Authorization: Bearer <token>`; a 401 fails `config` `AUTH_FAILED`.
 * - `oauth2-client-credentials`: bearer with the SDK's client-credentials renewal
 *   (`clientCredentialsAuth`): the token is fetched when none is configured, renewed on 401 and
 *   before `expires_in`; without client id and secret the configured token is used as it is.
 * - `api-key`: the key in the named header (with `prefix`); `basic`: `Authorization: Basic
 *   base64(user:password)`. Both are headers of every request; the client never logs headers.
 * - `none`.
 */
export function createManifestClient(manifest: ConnectorManifest, config: Readonly<Record<string, unknown>>, options: ManifestClientOptions = {}): HttpJsonClient {
  const http = manifest.http;
  const retry = http.retry ?? {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    const v = settingText(value, config);
    if (v !== undefined) headers[name] = v;
  }
  const common: HttpJsonClientOptions = {
    baseUrl: settingText(http.baseUrl, config) ?? '',
    sourceName: manifestSourceName(manifest),
    timeoutMs: options.timeoutMs ?? settingNumber(http.timeoutMs, config),
    deadlineMs: settingNumber(http.deadlineMs, config),
    maxResponseBytes: settingNumber(http.maxResponseBytes, config),
    retry: {
      maxRetries: options.maxRetries ?? settingNumber(retry.maxRetries, config),
      baseDelayMs: settingNumber(retry.baseDelayMs, config),
      maxDelayMs: settingNumber(retry.maxDelayMs, config),
      maxRetryAfterMs: settingNumber(retry.maxRetryAfterMs, config),
    },
    headers,
    signal: options.signal,
    logger: options.logger,
  };
  const { auth, headers: authHeaders } = authOf(manifest.auth, config, common, options.logger);
  return createHttpJsonClient({ ...common, headers: { ...headers, ...authHeaders }, auth });
}

function authOf(
  auth: ManifestAuth,
  config: Readonly<Record<string, unknown>>,
  common: HttpJsonClientOptions,
  logger: ConnectorLogger | undefined,
): { auth?: BearerAuth; headers?: Record<string, string> } {
  switch (auth.type) {
    case 'none':
      return {};
    case 'bearer': {
      const token = settingText(auth.token, config) ?? '';
      return { auth: { token: () => token } };
    }
    case 'api-key':
      return { headers: { [auth.header]: `${auth.prefix ?? ''}${settingText(auth.value, config) ?? ''}` } };
    case 'basic': {
      const pair = `${settingText(auth.username, config) ?? ''}:${settingText(auth.password, config) ?? ''}`;
      return { headers: { authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` } };
    }
    case 'oauth2-client-credentials':
      return {
        auth: clientCredentialsAuth({
          tokenClient: createHttpJsonClient(common),
          tokenUrl: settingText(auth.tokenUrl, config) ?? '',
          token: settingText(auth.token, config),
          clientId: settingText(auth.clientId, config),
          clientSecret: settingText(auth.clientSecret, config),
          sourceName: common.sourceName ?? 'the source',
          logger,
        }),
      };
  }
}
