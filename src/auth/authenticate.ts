import type { IncomingMessage } from 'node:http';
import type { HuijuConfig } from '../config';
import { HuijuError } from '../errors';
import type { Hub } from '../hub';
import { API_KEY_SECRET_PREFIX, createApiKeyVerifier } from './api-keys';
import { authModeOf, type AuthMode } from './auth-mode';
import { type Caller, DEVELOPMENT_CALLER, OPEN_MODE_CALLER } from './caller';
import { createJwtVerifier } from './jwt';

/** Resolves who is asking from a request; throws `HuijuError('UNAUTHENTICATED')` when it cannot. */
export type Authenticate = (req: IncomingMessage) => Promise<Caller>;

/** What a request presented. */
export type Credentials = { kind: 'bearer'; token: string } | { kind: 'apiKey'; secret: string } | { kind: 'none' } | { kind: 'unsupported' };

/**
 * The credentials of a request: `Authorization: Bearer <jwt>`, `Authorization: ApiKey <secret>`
 * or `X-Api-Key: <secret>` (Authorization wins when both are sent). A bearer value that is an API
 * key secret (`hj_…`) counts as an API key, for clients that only know bearer tokens.
 */
export function credentialsOf(req: IncomingMessage): Credentials {
  const authorization = req.headers.authorization?.trim();
  if (authorization) {
    const m = /^(\S+)\s+(\S+)$/.exec(authorization);
    if (!m) return { kind: 'unsupported' };
    const scheme = m[1]!.toLowerCase();
    const value = m[2]!;
    if (scheme === 'bearer') return value.startsWith(API_KEY_SECRET_PREFIX) ? { kind: 'apiKey', secret: value } : { kind: 'bearer', token: value };
    if (scheme === 'apikey') return { kind: 'apiKey', secret: value };
    return { kind: 'unsupported' };
  }
  const header = req.headers['x-api-key'];
  const apiKey = (Array.isArray(header) ? header[0] : header)?.trim();
  return apiKey ? { kind: 'apiKey', secret: apiKey } : { kind: 'none' };
}

/** The methods the hub accepts in `mode`, for the start message. */
export function authMethods(config: HuijuConfig, mode: AuthMode): string[] {
  if (mode === 'development' || mode === 'open') return [];
  return [...(createJwtVerifier(config.auth)?.methods ?? []), 'API keys (Authorization: ApiKey <key> or X-Api-Key)'];
}

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** The interface the server listens on (decides development mode). Default `server.host`. */
  host?: string;
}

/**
 * The hub's authenticator ({@link authModeOf} decides the mode once): development mode answers
 * {@link DEVELOPMENT_CALLER} and `open` mode {@link OPEN_MODE_CALLER} for every request; otherwise
 * a request needs a valid bearer JWT (src/auth/jwt.ts) or API key (src/auth/api-keys.ts), else
 * `UNAUTHENTICATED` — a message with the reason, never the token or personal information.
 */
export function createAuthenticator(hub: Hub, options: AuthenticatorOptions = {}): Authenticate {
  const mode = authModeOf(hub.config, options.host);
  if (mode === 'development') return async () => DEVELOPMENT_CALLER;
  if (mode === 'open') return async () => OPEN_MODE_CALLER;
  const jwt = createJwtVerifier(hub.config.auth);
  const apiKeys = createApiKeyVerifier(hub.db, hub.logger);
  return async (req) => {
    const credentials = credentialsOf(req);
    try {
      switch (credentials.kind) {
        case 'bearer':
          if (!jwt) throw new HuijuError('UNAUTHENTICATED', 'Bearer tokens are not accepted: no JWT secret or JWKS is configured; use an API key', { reason: 'TOKENS_NOT_CONFIGURED' });
          return await jwt.verify(credentials.token);
        case 'apiKey':
          return await apiKeys.verify(credentials.secret);
        case 'unsupported':
          throw new HuijuError('UNAUTHENTICATED', 'Unsupported Authorization header: use "Bearer <token>" or "ApiKey <key>"', { reason: 'SCHEME_UNSUPPORTED' });
        case 'none':
          throw new HuijuError('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>, or an API key (Authorization: ApiKey <key> or X-Api-Key)', { reason: 'CREDENTIALS_MISSING' });
      }
    } catch (err) {
      const reason = (err as HuijuError).details?.reason;
      hub.logger.debug({ reason, method: credentials.kind }, 'request not authenticated');
      throw err;
    }
  };
}
