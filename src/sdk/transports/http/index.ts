/**
 * HTTP JSON transport for connectors: a client with timeouts, retries (backoff, jitter,
 * `Retry-After`) and bearer-token refresh, and an opaque-cursor pagination helper. Built on the
 * global `fetch`; no HTTP library types leak into connectors. See README.md in this folder.
 */
export { createHttpJsonClient, type BearerAuth, type HttpJsonClient, type HttpJsonClientOptions, type HttpRequestOptions, type QueryParams } from './http-json-client';
export { cursorPages, type CursorPage, type CursorPagesOptions, type FetchedPage } from './cursor-pages';
export { pageRecords, type PageRecordsOptions } from './page-records';
export { abortReason, backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter, sleep, type RetryPolicy } from './retry-policy';
