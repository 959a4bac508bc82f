import { ConnectorError } from '../../connector-error';
import { abortReason } from './retry-policy';

/** One page as the source returned it. */
export interface CursorPage<T> {
  /** The page's items, in source order. */
  items: T[];
  /** The source's cursor for the next page; `null` (or empty) on the last page. */
  nextCursor: string | null;
}

/** A page yielded by {@link cursorPages}, with where it was read from. */
export interface FetchedPage<T> extends CursorPage<T> {
  /** 1-based page number within this pagination. */
  page: number;
  /** The cursor this page was requested with (`null` for the first page). */
  cursor: string | null;
}

/** Options of {@link cursorPages}. */
export interface CursorPagesOptions {
  /** Cursor of the first request. Default `null` (start at the beginning). */
  startCursor?: string | null;
  /** Stops between pages when aborted (rejecting with the signal's reason). */
  signal?: AbortSignal;
  /** Name of the source for error messages. Default `the source`. */
  sourceName?: string;
}

/**
 * Follows an opaque-cursor pagination (`?cursor=…` → `{ data, next_cursor }`): calls
 * `fetchPage(cursor)` with `startCursor`, then with each page's `nextCursor`, yielding every
 * page, until a page has no next cursor. A cursor the source hands out twice would loop
 * forever, so it fails `source` with `PAGINATION_LOOP`. The caller decides what a page
 * means; nothing is buffered beyond the page being yielded.
 */
export async function* cursorPages<T>(
  fetchPage: (cursor: string | null, page: number) => Promise<CursorPage<T>>,
  options: CursorPagesOptions = {},
): AsyncGenerator<FetchedPage<T>, void, undefined> {
  const seen = new Set<string>();
  let cursor = options.startCursor ?? null;
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    const result = await fetchPage(cursor, page);
    yield { ...result, page, cursor };
    const next = result.nextCursor === '' ? null : result.nextCursor;
    if (next === null) return;
    if (seen.has(next) || next === cursor) {
      throw new ConnectorError('source', 'PAGINATION_LOOP', `${options.sourceName ?? 'the source'} returned a page cursor it had returned before`, {
        internalMessage: `page ${page}: next cursor repeats an earlier one`,
        details: { page },
      });
    }
    seen.add(next);
    cursor = next;
  }
}
