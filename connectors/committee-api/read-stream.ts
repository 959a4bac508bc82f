import { ConnectorError, type ConnectorContext, type JsonValue, type ReadMessage } from '../../src/sdk/index';
import { cursorPages, type CursorPage, type HttpJsonClient } from '../../src/sdk/transports/http/index';
import { pageRecords } from '../../src/sdk/transports/http/page-records';
import { createCommitteeClient, SOURCE_NAME } from './committee-api.client';
import type { CommitteeApiConfig } from './committee-api.config';
import { IncrementalPosition } from './incremental-cursor';

/** What differs between the platform's streams when reading them. */
export interface CommitteeStreamSource {
  /** Path segment under `/v1/` (`cases`, `activities`, `contact-assignments`). */
  path: string;
  /** The record's id in the stream, or `null` when it has none. */
  idOf(record: Record<string, unknown>): string | null;
}

/**
 * Reads one stream incrementally: `GET /v1/{path}?updated_since=…&limit=…` and then the
 * platform's `next_cursor` until the last page. Yields every record not read before (see
 * {@link IncrementalPosition}), a `failed` message for a list item that is not an object, and a
 * checkpoint after every page that moved the cursor.
 *
 * Cancellation: once `ctx.signal` is aborted the read ends — between two records, or at once
 * when it is waiting for the platform or a retry — without an error and without a further
 * checkpoint, so the hub commits what it has up to the last checkpoint.
 */
export async function* readCommitteeStream(
  ctx: ConnectorContext<CommitteeApiConfig>,
  cursor: JsonValue | null,
  source: CommitteeStreamSource,
): AsyncGenerator<ReadMessage, void, undefined> {
  const position = IncrementalPosition.from(cursor, ctx.config.startFrom);
  const client = createCommitteeClient(ctx.config, { signal: ctx.signal, logger: ctx.logger });
  const since = position.requestSince;
  const pages = cursorPages((pageCursor) => fetchPage(client, source.path, since, pageCursor, ctx.config.pageSize), { signal: ctx.signal, sourceName: SOURCE_NAME });
  const read = yield* pageRecords(pages, {
    signal: ctx.signal,
    listName: source.path,
    admit: (record) => position.admit(source.idOf(record), record.updated_at),
    checkpoint: () => position.endPage(),
  });
  ctx.logger.debug({ stream: source.path, read, cancelled: ctx.signal.aborted }, 'stream read');
}

/** One page; a body that is not `{ data: [...], next_cursor }` fails `source`. */
async function fetchPage(client: HttpJsonClient, path: string, since: string | null, cursor: string | null, limit: number): Promise<CursorPage<unknown>> {
  const body = await client.getJson<unknown>(`v1/${path}`, { query: { updated_since: since, cursor, limit } });
  const page = body as { data?: unknown; next_cursor?: unknown } | null;
  const next = page?.next_cursor;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.data) || !(next === null || next === undefined || typeof next === 'string')) {
    throw new ConnectorError('source', 'BAD_RESPONSE', `${SOURCE_NAME} sent a ${path} page that is not { data, next_cursor }`, {
      internalMessage: `GET /v1/${path}: unexpected page shape`,
      details: { path },
    });
  }
  return { items: page.data, nextCursor: next ?? null };
}

/** A string id from a field that may be a number. */
export function stringId(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A record's version: its `updated_at` when that reads as an instant, else the time the hub read it. */
export function recordVersion(record: { updated_at?: unknown }, readAt: string): string {
  const v = record.updated_at;
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : readAt;
}
