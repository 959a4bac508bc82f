import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which hosts and browser origins may reach the API; built once by {@link hostOriginPolicy}. */
export interface HostOriginPolicy {
  /** Allowed host names, lower case, IPv6 in brackets; `'*'` allows any. */
  readonly allowedHosts: ReadonlySet<string> | '*';
  /** Origins on other sites that may call the API from a browser (CORS); may hold `*`. */
  readonly corsOrigins: ReadonlySet<string>;
}

/** The settings {@link hostOriginPolicy} reads (a slice of `server`). */
export interface HostOriginSettings {
  readonly host: string;
  readonly allowedHosts?: readonly string[] | undefined;
  readonly cors: { readonly origins: readonly string[] };
}

/** Methods and request headers a CORS preflight may ask for. */
const CORS_METHODS = 'GET, POST, OPTIONS';
const CORS_HEADERS = 'content-type, authorization, x-api-key, apollo-require-preflight';
/** Seconds a browser may cache a preflight answer. */
const CORS_MAX_AGE = '600';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '*', '']);

/** `[::1]`, `localhost`, `10.0.0.5` as a host name compares: lower case, IPv6 bracketed. */
function normaliseHostName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * The policy of `server.allowedHosts` and `server.cors.origins`. Default hosts: `localhost`,
 * `127.0.0.1`, `[::1]`, plus `server.host` and `listenHost` (the address actually bound) when
 * they are not wildcards.
 */
export function hostOriginPolicy(settings: HostOriginSettings, listenHost?: string): HostOriginPolicy {
  const corsOrigins = new Set(settings.cors.origins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  if (settings.allowedHosts) {
    if (settings.allowedHosts.includes('*')) return { allowedHosts: '*', corsOrigins };
    return { allowedHosts: new Set(settings.allowedHosts.map(normaliseHostName)), corsOrigins };
  }
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  for (const h of [settings.host, listenHost]) {
    if (h !== undefined && !WILDCARD_HOSTS.has(h.trim())) hosts.add(normaliseHostName(h));
  }
  return { allowedHosts: hosts, corsOrigins };
}

/** The host name of a `Host` header (`example.org:4000` → `example.org`, `[::1]:4000` → `[::1]`); `null` when malformed. */
export function hostNameOf(header: string): string | null {
  const value = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return m ? m[1]! : null;
}

function hostAllowed(policy: HostOriginPolicy, hostName: string | null): boolean {
  if (policy.allowedHosts === '*') return true;
  return hostName !== null && policy.allowedHosts.has(hostName);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Why a request is refused by the policy: HTTP status, code and message. */
export interface HostOriginRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * The policy's verdict on a request's `Host` and `Origin` (see {@link applyHostOriginPolicy}):
 * a refusal, or `cors: true` when the origin is a listed CORS origin, `false` when it is this
 * site's or absent. Shared by plain requests and WebSocket upgrades (which have no response to
 * write headers on).
 */
export function checkHostOrigin(policy: HostOriginPolicy, req: IncomingMessage): { refusal: HostOriginRefusal } | { cors: boolean } {
  const hostHeader = req.headers.host;
  if (!hostAllowed(policy, hostHeader === undefined ? null : hostNameOf(hostHeader))) {
    return { refusal: { status: 421, code: 'HOST_NOT_ALLOWED', message: 'This host name is not served here; add it to server.allowedHosts (HUIJU_ALLOWED_HOSTS)' } };
  }
  const origin = req.headers.origin;
  if (origin === undefined) return { cors: false };
  const normalised = origin.replace(/\/+$/, '').toLowerCase();
  const cors = policy.corsOrigins.has(normalised) || (policy.corsOrigins.has('*') && normalised !== 'null');
  if (cors) return { cors: true };
  let originHost: string | null = null;
  try {
    originHost = normalised === 'null' ? null : hostNameOf(new URL(normalised).host);
  } catch {
    originHost = null;
  }
  if (originHost === null || !hostAllowed(policy, originHost)) {
    return { refusal: { status: 403, code: 'ORIGIN_NOT_ALLOWED', message: 'Requests from this origin are not allowed; add it to server.cors.origins (HUIJU_CORS_ORIGINS)' } };
  }
  return { cors: false }; // this site's own pages
}

/**
 * Applies the policy to one request, before routing:
 * - a `Host` not allowed → 421 `HOST_NOT_ALLOWED` (a page whose DNS name was rebound to this
 *   address still sends its own name, so it never gets an answer);
 * - an `Origin` that is neither this site's (its host allowed) nor a CORS origin → 403
 *   `ORIGIN_NOT_ALLOWED` (also the opaque origin `null`);
 * - a CORS origin's preflight (`OPTIONS` with `Access-Control-Request-Method`) → 204 with the
 *   `Access-Control-Allow-*` headers; its other requests get `Access-Control-Allow-Origin`.
 * Returns `true` when it answered the request (refused or preflight), `false` to go on.
 */
export function applyHostOriginPolicy(policy: HostOriginPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  const verdict = checkHostOrigin(policy, req);
  const origin = req.headers.origin;
  if (origin !== undefined && !('refusal' in verdict && verdict.refusal.code === 'HOST_NOT_ALLOWED')) res.setHeader('vary', 'Origin');
  if ('refusal' in verdict) {
    refuse(res, verdict.refusal.status, verdict.refusal.code, verdict.refusal.message);
    return true;
  }
  if (!verdict.cors) return false;
  res.setHeader('access-control-allow-origin', origin!);
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    res.writeHead(204, {
      'access-control-allow-methods': CORS_METHODS,
      'access-control-allow-headers': CORS_HEADERS,
      'access-control-max-age': CORS_MAX_AGE,
      'content-length': '0',
    });
    res.end();
    return true;
  }
  return false;
}
