import { z } from 'zod';
import { secret } from '../../src/sdk/index';

/**
 * Config of one residents' committee platform (S2). Validated once by the hub before anything
 * runs; `token` and `clientSecret` are secrets (never logged, shown as `***`).
 */
export const committeeApiConfigSchema = z
  .object({
    /** Base URL of the platform API, without `/v1` (`https://sq.example.gov.cn/api`). */
    baseUrl: z.url({ protocol: /^https?$/ }).describe('Base URL of the platform API, without /v1'),
    /**
     * Bearer access token issued by the platform. Optional when `clientId` and `clientSecret`
     * are set: the first request then fetches one.
     */
    token: secret(z.string().min(1).optional(), 'Bearer access token issued by the platform'),
    /** OAuth 2.0 client id for the client-credentials grant; with `clientSecret` the connector renews an expired token. */
    clientId: z.string().min(1).optional().describe('OAuth client id: with clientSecret, expired tokens are renewed'),
    /** OAuth 2.0 client secret (secret). */
    clientSecret: secret(z.string().min(1).optional(), 'OAuth client secret'),
    /** Token endpoint of the client-credentials grant. Default `{baseUrl}/v1/token`. */
    refreshUrl: z.url({ protocol: /^https?$/ }).optional().describe('Token endpoint; default {baseUrl}/v1/token'),
    /** Records per page (`limit`). Default `100`. */
    pageSize: z.number().int().min(1).max(1000).default(100).describe('Records per page (limit)'),
    /**
     * Where the first run starts (ISO-8601 with offset): only records updated at or after it
     * are read. Default: everything. Ignored once the hub has stored a cursor.
     */
    startFrom: z.iso.datetime({ offset: true }).optional().describe('First run only: read records updated at or after this instant'),
    /** Time limit of one HTTP attempt in ms. Default `15000`. */
    timeoutMs: z.number().int().min(100).max(600_000).default(15_000).describe('Time limit of one HTTP attempt (ms)'),
    /** Time limit of one request with its retries in ms: a hanging platform fails TIMEOUT within it. Default `50000`. */
    deadlineMs: z.number().int().min(1_000).max(3_600_000).default(50_000).describe('Time limit of one request with its retries (ms)'),
    /** Largest response body in bytes; larger is RESPONSE_TOO_LARGE. Default 64 MiB. */
    maxResponseBytes: z.number().int().min(1_024).max(1_073_741_824).default(64 * 1024 * 1024).describe('Largest response body (bytes)'),
    /** Retries of one request after timeouts, connection errors, 429 and 5xx. Default `5`. */
    maxRetries: z.number().int().min(0).max(20).default(5).describe('Retries per request after timeouts, 429 and 5xx'),
    /** First backoff delay in ms (doubles per retry, with jitter, capped at 30 s). Default `1000`. */
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(1_000).describe('First retry delay (ms); doubles per retry'),
    /** Longest `Retry-After` waited inside a run; longer asks fail the run as transient. Default `120000`. */
    maxRetryAfterMs: z.number().int().min(0).max(3_600_000).default(120_000).describe('Longest Retry-After waited (ms)'),
  })
  .strict()
  .refine((c) => (c.clientId === undefined) === (c.clientSecret === undefined), {
    message: 'clientId and clientSecret go together',
    path: ['clientSecret'],
  })
  .refine((c) => c.token !== undefined || c.clientId !== undefined, {
    message: 'token is required unless clientId and clientSecret are set',
    path: ['token'],
  });

/** The validated config (defaults filled in). */
export type CommitteeApiConfig = z.output<typeof committeeApiConfigSchema>;
