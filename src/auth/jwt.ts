import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, type JWSAlgorithm, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import type { HuijuConfig } from '../config';
import { HuijuError, isHuijuError } from '../errors';
import type { Caller } from './caller';
import { callerOfGrant, type Grant, normaliseGrant } from './grant';

/** The `auth` block of the config. */
export type AuthConfig = HuijuConfig['auth'];

/** Algorithms accepted from a JWKS (asymmetric keys of an identity provider). */
const JWKS_ALGORITHMS: JWSAlgorithm[] = ['RS256', 'ES256'];

/** Verifies bearer tokens and turns their claims into a {@link Caller}. */
export interface JwtVerifier {
  /** Throws `HuijuError('UNAUTHENTICATED')` with a reason, never the token or a claim's value. */
  verify(token: string): Promise<Caller>;
  /** What it accepts, for the start message: `HS256 (shared secret)`, `RS256/ES256 (JWKS …)`. */
  readonly methods: readonly string[];
}

function unauthenticated(reason: string, message: string): HuijuError {
  return new HuijuError('UNAUTHENTICATED', message, { reason });
}

/** A jose failure as a reason people can act on; the token itself is never repeated. */
function reasonOf(err: unknown): HuijuError {
  if (isHuijuError(err)) return err;
  if (err instanceof joseErrors.JWTExpired) return unauthenticated('TOKEN_EXPIRED', 'Bearer token has expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return unauthenticated('TOKEN_CLAIM_INVALID', `Bearer token's "${err.claim}" claim check failed (${err.reason})`);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return unauthenticated('TOKEN_SIGNATURE_INVALID', 'Bearer token signature is not valid');
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return unauthenticated('TOKEN_ALGORITHM_NOT_ALLOWED', 'Bearer token is signed with an algorithm the hub does not accept');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return unauthenticated('TOKEN_KEY_UNKNOWN', 'Bearer token is signed with a key the JWKS does not hold');
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return unauthenticated('JWKS_UNAVAILABLE', 'The identity provider\'s keys (JWKS) could not be fetched');
  if (err instanceof joseErrors.JOSEError) return unauthenticated('TOKEN_INVALID', 'Bearer token is malformed or cannot be verified');
  return unauthenticated('TOKEN_INVALID', 'Bearer token cannot be verified');
}

/**
 * The verifier of the configured token methods, or `null` when neither `auth.jwtSecret` nor
 * `auth.jwksUrl` is set. Every token must carry the configured `iss` and `aud`, a `sub`, an `exp`
 * and a `role`; `exp`/`nbf` allow `auth.clockToleranceSeconds` of skew. HS256 tokens are checked
 * against the secret, RS256/ES256 ones against the JWKS (fetched on first use, cached by jose).
 * Claims: `sub` → subject, `role`, `area` (a code or a list), `org`, `ops` (APP) — checked by
 * {@link normaliseGrant}, the same check `huiju token issue` makes.
 */
export function createJwtVerifier(auth: AuthConfig): JwtVerifier | null {
  if (!auth.jwtSecret && !auth.jwksUrl) return null;
  const secret = auth.jwtSecret ? new TextEncoder().encode(auth.jwtSecret) : null;
  const jwks = auth.jwksUrl ? createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5000 }) : null;
  const algorithms: JWSAlgorithm[] = [...(secret ? ['HS256' as const] : []), ...(jwks ? JWKS_ALGORITHMS : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks && JWKS_ALGORITHMS.includes(header.alg as JWSAlgorithm)) return jwks(header, token);
    throw unauthenticated('TOKEN_ALGORITHM_NOT_ALLOWED', 'Bearer token is signed with an algorithm the hub does not accept');
  };
  const methods = [...(secret ? ['HS256 bearer tokens (shared secret)'] : []), ...(jwks ? [`RS256/ES256 bearer tokens (JWKS ${new URL(auth.jwksUrl!).origin})`] : [])];
  return {
    methods,
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms,
          issuer: auth.issuer,
          audience: auth.audience,
          clockTolerance: auth.clockToleranceSeconds,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        throw reasonOf(err);
      }
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
        throw unauthenticated('TOKEN_CLAIM_INVALID', 'Bearer token\'s "sub" claim must be a non-empty string');
      }
      try {
        return callerOfGrant(normaliseGrant({ role: payload.role, areas: payload.area, org: payload.org, ops: payload.ops }), payload.sub);
      } catch (err) {
        if (isHuijuError(err, 'INVALID_GRANT')) throw unauthenticated('TOKEN_CLAIM_INVALID', `Bearer token's claims are not valid: ${err.message}`);
        throw err;
      }
    },
  };
}

/** What {@link issueToken} needs besides the grant. */
export interface IssueTokenOptions {
  /** The token's `sub`: who it is for (shown in merges and the access log). */
  subject: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

/**
 * An HS256 token for `grant`, signed with `auth.jwtSecret`, with the configured `iss` and `aud`,
 * `iat`, `exp` and a random `jti`. Refuses (`AUTH_NOT_CONFIGURED`) when no secret is configured.
 */
export async function issueToken(auth: AuthConfig, grant: Grant, options: IssueTokenOptions): Promise<string> {
  if (!auth.jwtSecret) {
    throw new HuijuError('AUTH_NOT_CONFIGURED', 'No JWT secret is configured: set HUIJU_JWT_SECRET (or auth.jwtSecret, at least 32 bytes) to issue tokens');
  }
  if (!options.subject.trim()) throw new HuijuError('BAD_USER_INPUT', 'the token needs a subject (--sub)', { field: 'sub' });
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    role: grant.role,
    ...(grant.areaScope.length > 0 ? { area: [...grant.areaScope] } : {}),
    ...(grant.orgId ? { org: grant.orgId } : {}),
    ...(grant.operations ? { ops: [...grant.operations] } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(auth.jwtSecret));
}
