import type { HuijuConfig } from '../config';
import { HuijuError } from '../errors';

/**
 * How the hub authenticates, decided once from the config and the interface it listens on:
 * - `development`: auth not configured, loopback host, no `DATABASE_URL` — every caller is ADMIN;
 * - `open`: `auth.mode: open` — every caller is ADMIN, on purpose;
 * - `enforced`: auth configured (`auth.jwtSecret`, `auth.jwksUrl` or `auth.mode: required`) —
 *   every GraphQL request needs a bearer token or an API key;
 * - `refused`: auth not configured on a network interface or with `DATABASE_URL` — `huiju start`
 *   refuses ({@link assertServable}); the authenticator accepts only API keys, never anonymous.
 */
export type AuthMode = 'development' | 'open' | 'enforced' | 'refused';

/** The start message and the playground banner of development mode. */
export const DEVELOPMENT_MODE_NOTICE = 'development mode: no authentication, every caller is ADMIN; bound to loopback only';

/** The start warning of `auth.mode: open`. */
export const OPEN_MODE_WARNING = 'auth.mode is "open": there is NO authentication, every caller is ADMIN and can read and merge everything';

/** True for the loopback interface: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** True when tokens or API keys are configured (a JWT secret, a JWKS URL, or `auth.mode: required`). */
export function isAuthConfigured(config: HuijuConfig): boolean {
  return config.auth.mode === 'required' || Boolean(config.auth.jwtSecret) || Boolean(config.auth.jwksUrl);
}

/** The mode for serving on `host` (default `server.host`). */
export function authModeOf(config: HuijuConfig, host: string = config.server.host): AuthMode {
  if (config.auth.mode === 'open') return 'open';
  if (isAuthConfigured(config)) return 'enforced';
  return isLoopbackHost(host) && !config.database.url ? 'development' : 'refused';
}

/** True when every caller is ADMIN without credentials (`development` or `open`). */
export function isAnonymousAdmin(mode: AuthMode): boolean {
  return mode === 'development' || mode === 'open';
}

/**
 * Refuses to serve without authentication anywhere but a loopback development setup: throws
 * `HuijuError('AUTH_REQUIRED')` in the `refused` mode, saying what to configure.
 */
export function assertServable(config: HuijuConfig, host: string = config.server.host): AuthMode {
  const mode = authModeOf(config, host);
  if (mode === 'refused') {
    const why = config.database.url ? 'with DATABASE_URL set' : `on ${host}, which is not a loopback interface`;
    throw new HuijuError(
      'AUTH_REQUIRED',
      `Refusing to serve without authentication ${why}: every caller would be ADMIN. ` +
        'Set HUIJU_JWT_SECRET (auth.jwtSecret, at least 32 bytes) or HUIJU_JWKS_URL (auth.jwksUrl), or HUIJU_AUTH_MODE=required for API keys only; ' +
        'or set auth.mode: open (HUIJU_AUTH_MODE=open) on purpose to let every caller in as ADMIN.',
      { host, database: Boolean(config.database.url) },
    );
  }
  return mode;
}
