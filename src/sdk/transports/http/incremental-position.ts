import { ConnectorError } from '../../connector-error';
import type { JsonValue } from '../../connector';

/**
 * The cursor the hub stores for one incremental stream of a JSON API that filters by an update
 * time (`updated_since`) and lists records ordered by `(updated_at, id)`:
 *
 *   `{ "updatedSince": "<the largest updated_at committed>", "seenAtThatInstant": ["<id>", …] }`
 *
 * A run asks for `updated_since = updatedSince` — inclusive, so records that share that instant
 * and were not read yet (a crash between two pages, or more ties than a page holds) come back —
 * and drops the ids in `seenAtThatInstant`, which were read at exactly that instant already.
 * A record that changed since has a later update time, so it is read again (a new version).
 * Only ids at the newest instant are kept, so the cursor stays small unless a bulk update gave
 * many records the same instant.
 *
 * The cursor moves forward only: `updatedSince` grows, and while it stays the same, the seen set
 * only grows. Used by the committee-api connector and by manifest connectors (`src/sdk/manifest`).
 */
export interface UpdatedSinceCursor {
  updatedSince: string;
  seenAtThatInstant: string[];
}

/**
 * The read position of one run: starts from the stored cursor, decides for every listed record
 * whether it is new ({@link admit}) and yields the cursor to checkpoint after each page
 * ({@link endPage}). Also drops the repeats a source sends on both sides of a page boundary.
 */
export class IncrementalPosition {
  /** `updated_since` for this run's requests; `null`: from the beginning. */
  readonly requestSince: string | null;
  private maxMs: number | null;
  private maxRaw: string | null;
  private seen: Set<string>;
  private moved = false;
  /** `id + updated_at` of the records of this page and the one before: page-edge repeats older than the newest instant. */
  private previousPage = new Set<string>();
  private currentPage = new Set<string>();

  private constructor(since: string | null, seen: string[]) {
    this.requestSince = since;
    this.maxRaw = since;
    this.maxMs = since === null ? null : Date.parse(since);
    this.seen = new Set(seen);
  }

  /**
   * The position for a run from the hub's cursor (`null` on the first run: from `startFrom`, or
   * from the beginning). Throws `system` `BAD_CURSOR` for a cursor the connector (named
   * `connectorId` in the message; default `this`) never wrote.
   */
  static from(cursor: JsonValue | null, startFrom?: string | null, connectorId?: string): IncrementalPosition {
    if (cursor === null || cursor === undefined) {
      const start = startFrom ?? null;
      // startFrom is a lower bound, not a record: nothing is "seen" there
      const p = new IncrementalPosition(start, []);
      p.maxMs = null;
      return p;
    }
    const c = cursor as Partial<UpdatedSinceCursor>;
    const valid =
      typeof cursor === 'object' &&
      !Array.isArray(cursor) &&
      typeof c.updatedSince === 'string' &&
      !Number.isNaN(Date.parse(c.updatedSince)) &&
      Array.isArray(c.seenAtThatInstant) &&
      c.seenAtThatInstant.every((id) => typeof id === 'string');
    if (!valid) {
      throw new ConnectorError('system', 'BAD_CURSOR', `The stored cursor of this stream is not one the ${connectorId ?? 'this'} connector writes`, {
        internalMessage: 'expected { updatedSince: ISO string, seenAtThatInstant: string[] }',
      });
    }
    return new IncrementalPosition(c.updatedSince!, c.seenAtThatInstant!);
  }

  /**
   * Should this listed record be handed to the hub? `false` for a record already read at this
   * `updated_at` (at the cursor's instant, or repeated across a page edge). A record without an
   * id or a readable `updated_at` is always admitted and never moves the cursor.
   */
  admit(id: string | null, updatedAt: unknown): boolean {
    const ms = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
    if (id === null || Number.isNaN(ms)) return true;
    const key = `${id}\u0000${ms}`;
    if (this.previousPage.has(key) || this.currentPage.has(key)) return false;
    if (this.maxMs !== null && ms < this.maxMs) {
      // behind the cursor but not a page-edge repeat: an out-of-order listing; the hub's version guard decides
      this.currentPage.add(key);
      return true;
    }
    if (this.maxMs !== null && ms === this.maxMs) {
      if (this.seen.has(id)) return false;
    } else {
      this.maxMs = ms;
      this.maxRaw = updatedAt as string;
      this.seen = new Set();
    }
    this.seen.add(id);
    this.currentPage.add(key);
    this.moved = true;
    return true;
  }

  /** Ends a page: the cursor to checkpoint, or `null` when the page moved nothing. */
  endPage(): UpdatedSinceCursor | null {
    this.previousPage = this.currentPage;
    this.currentPage = new Set();
    if (!this.moved) return null;
    this.moved = false;
    return this.cursor();
  }

  /** The cursor as of now (`null` before anything was read on a first run). */
  cursor(): UpdatedSinceCursor | null {
    if (this.maxRaw === null || this.maxMs === null) return null;
    return { updatedSince: this.maxRaw, seenAtThatInstant: [...this.seen] };
  }
}
