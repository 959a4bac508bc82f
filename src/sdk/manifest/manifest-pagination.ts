import { ConnectorError } from '../connector-error';
import { cursorPages, sleep, type CursorPage, type FetchedPage, type HttpJsonClient, type QueryParams } from '../transports/http/index';
import { readPath } from './manifest-expression';
import type { ManifestPagination } from './manifest.schema';

/** One stream's list request, its settings resolved for the source. */
export interface ListRequest {
  /** Stream name, for messages. */
  stream: string;
  /** Path under the base URL. */
  path: string;
  /** Query parameters of every page (the incremental `updated_since` among them). */
  query: QueryParams;
  /** Field path of the record list in a body; `""`: the body is the list. */
  recordPath: string;
  /** Page size of `page-number`, limit of `offset` (resolved). */
  pageSize?: number;
  /** Most page requests a second (`http.requestsPerSecond`); unset: no spacing. */
  requestsPerSecond?: number;
  signal?: AbortSignal;
  sourceName: string;
}

/**
 * The pages of one list request under the manifest's pagination, every mode on the SDK's
 * {@link cursorPages} (so a source that hands the same page position out twice fails `source`
 * `PAGINATION_LOOP` instead of looping):
 *
 * - `none`: one request.
 * - `cursor`: `?{cursorParam}=<cursor>` until the body's `nextCursorPath` is empty or null.
 * - `page-number`: `?{pageParam}=startPage, startPage+1 …` (and `{sizeParam}=pageSize`) until a
 *   page holds fewer than `pageSize` records.
 * - `offset`: `?{offsetParam}=0, n …&{limitParam}=limit` until a page holds fewer than `limit`.
 * - `link-header`: the first request, then the `Link` header's `rel="next"` URL as it is (its
 *   own query) until there is none.
 *
 * With `requestsPerSecond` pages start at least `1/requestsPerSecond` s apart (the wait ends at
 * once on cancellation). A body whose record list is not a list fails `source` `BAD_RESPONSE`.
 */
export function manifestPages(client: HttpJsonClient, pagination: ManifestPagination, req: ListRequest): AsyncGenerator<FetchedPage<unknown>, void, undefined> {
  const get = async (path: string, query: QueryParams, onHeaders?: (h: { get(name: string): string | null }) => void): Promise<{ body: unknown; items: unknown[] }> => {
    const body = await client.getJson<unknown>(path, { query, onHeaders });
    return { body, items: recordsOf(body, req) };
  };
  const spacingMs = req.requestsPerSecond && req.requestsPerSecond > 0 ? 1000 / req.requestsPerSecond : 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  const fetchPage = async (cursor: string | null): Promise<CursorPage<unknown>> => {
    // the rate limit: pages start at least 1/requestsPerSecond apart (abortable wait)
    const wait = lastStart + spacingMs - Date.now();
    if (wait > 0) await sleep(wait, req.signal);
    lastStart = Date.now();
    switch (pagination.type) {
      case 'none': {
        const { items } = await get(req.path, req.query);
        return { items, nextCursor: null };
      }
      case 'cursor': {
        const { body, items } = await get(req.path, { ...req.query, [pagination.cursorParam]: cursor });
        const next = readPath(body, pagination.nextCursorPath.split('.'));
        if (!(next === null || typeof next === 'string' || typeof next === 'number')) throw badPage(req, `${pagination.nextCursorPath} is not a cursor`);
        return { items, nextCursor: next === null ? null : String(next) };
      }
      case 'page-number': {
        const size = req.pageSize ?? 0;
        const page = cursor === null ? pagination.startPage : Number(cursor);
        const query = { ...req.query, [pagination.pageParam]: page, ...(pagination.sizeParam ? { [pagination.sizeParam]: size } : {}) };
        const { items } = await get(req.path, query);
        return { items, nextCursor: items.length > 0 && items.length >= size ? String(page + 1) : null };
      }
      case 'offset': {
        const limit = req.pageSize ?? 0;
        const offset = cursor === null ? 0 : Number(cursor);
        const { items } = await get(req.path, { ...req.query, [pagination.offsetParam]: offset, [pagination.limitParam]: limit });
        return { items, nextCursor: items.length > 0 && items.length >= limit ? String(offset + items.length) : null };
      }
      case 'link-header': {
        let link: string | null = null;
        const target = cursor ?? client.url(req.path, req.query).href;
        const { items } = await get(target, {}, (h) => {
          link = h.get('link');
        });
        const next = nextLink(link, target);
        return { items, nextCursor: next };
      }
    }
  };
  return cursorPages(fetchPage, { signal: req.signal, sourceName: req.sourceName });
}

/** The records of a page body at `recordPath`. */
function recordsOf(body: unknown, req: ListRequest): unknown[] {
  const list = req.recordPath === '' ? body : readPath(body, req.recordPath.split('.'));
  if (!Array.isArray(list)) throw badPage(req, req.recordPath === '' ? 'the body is not a list' : `${req.recordPath} is not a list`);
  return list;
}

function badPage(req: ListRequest, what: string): ConnectorError {
  return new ConnectorError('source', 'BAD_RESPONSE', `${req.sourceName} sent a ${req.stream} page that does not read: ${what}`, {
    internalMessage: `GET ${req.path}: unexpected page shape (${what})`,
    details: { path: req.path, stream: req.stream },
  });
}

/**
 * The `rel="next"` target of a `Link` header (RFC 8288: `<url>; rel="next", <url>; rel="last"`),
 * resolved against the URL of the page, or `null`.
 */
export function nextLink(header: string | null, pageUrl: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!m) continue;
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(m[2]!);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return new URL(m[1]!, pageUrl).href;
  }
  return null;
}
