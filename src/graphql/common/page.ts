import { badUserInput, codedError, GRAPHQL_ERROR_CODES } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../limits';

/** `first` / `after` as a client sends them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A position in a keyset-ordered list: the sort value of the last row seen and its id. */
export interface CursorKey {
  /** Sort value as text (codes, numbers, ISO instants); `null` when the list sorts by id alone. */
  readonly v: string | null;
  readonly id: string;
  /** The ordering the position belongs to (`SortOrder.key`); absent for a list's one fixed order. */
  readonly k?: string;
}

/** A validated page request. */
export interface Page {
  /** Rows wanted (0…{@link MAX_PAGE_SIZE}). */
  readonly first: number;
  /** Rows after this position; `null` for the first page. */
  readonly after: CursorKey | null;
}

/** Opaque cursor: base64url of `[sortValue, id]`, or `[sortValue, id, ordering]` for a list ordered by `orderBy`. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key.k ? [key.v, key.id, key.k] : [key.v, key.id]), 'utf8').toString('base64url');
}

/** Reads a cursor; a malformed one is `BAD_USER_INPUT` on `after`. */
export function decodeCursor(cursor: string, field = 'after'): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      (parsed.length === 2 || (parsed.length === 3 && typeof parsed[2] === 'string' && /^[A-Z_]{1,40}:(ASC|DESC)$/.test(parsed[2]))) &&
      (parsed[0] === null || typeof parsed[0] === 'string') &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(parsed[1])
    ) {
      return parsed.length === 3 ? { v: parsed[0], id: parsed[1], k: parsed[2] } : { v: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw badUserInput(field, `${field}: not a cursor of this list`);
}

/**
 * Validates `first`/`after`: `first` defaults to {@link DEFAULT_PAGE_SIZE}; negative is
 * `BAD_USER_INPUT`, above {@link MAX_PAGE_SIZE} is `PAGE_SIZE_LIMIT_EXCEEDED` (both name the field).
 */
export function readPage(args: PageArgs, fieldPrefix = ''): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const field = `${fieldPrefix}first`;
  if (!Number.isInteger(first) || first < 0) throw badUserInput(field, `${field}: must be 0 or more`);
  if (first > MAX_PAGE_SIZE) {
    throw codedError(GRAPHQL_ERROR_CODES.PAGE_SIZE_LIMIT_EXCEEDED, `${field}: at most ${MAX_PAGE_SIZE} rows per page`, { field, limit: MAX_PAGE_SIZE });
  }
  return { first, after: args.after ? decodeCursor(args.after, `${fieldPrefix}after`) : null };
}

/** Stable key of page arguments, for loader caches. */
export function pageKey(page: Page): string {
  return `${page.first}|${page.after ? `${page.after.v}|${page.after.id}|${page.after.k ?? ''}` : ''}`;
}
