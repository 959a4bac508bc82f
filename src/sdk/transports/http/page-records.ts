import type { JsonValue, ReadMessage } from '../../connector';
import type { FetchedPage } from './cursor-pages';

/** How {@link pageRecords} reads a stream's pages. */
export interface PageRecordsOptions {
  /** Ends the read quietly once aborted (a page cut short is not checkpointed). */
  readonly signal: AbortSignal;
  /** Names the list in a BAD_RECORD message (`a <listName> list item is not a JSON object`). */
  readonly listName: string;
  /** Whether to hand a record over (incremental reads drop what the cursor already covers); default all. */
  readonly admit?: (record: Record<string, unknown>) => boolean;
  /** The checkpoint after a whole page, a JSON object (`null`: none for this page). */
  readonly checkpoint: () => object | null;
}

/**
 * The read messages of a stream's pages: each page's JSON-object items that `admit` takes become
 * `record` messages (position: page, index, the page's cursor), any other item a BAD_RECORD
 * failure with the raw item, and after each whole page its checkpoint. A page that fails after
 * the signal aborted ends the read quietly. Returns how many records it handed over.
 */
export async function* pageRecords(pages: AsyncIterator<FetchedPage<unknown>>, options: PageRecordsOptions): AsyncGenerator<ReadMessage, number, undefined> {
  const { signal } = options;
  let read = 0;
  for (;;) {
    let next: IteratorResult<FetchedPage<unknown>>;
    try {
      next = await pages.next();
    } catch (err) {
      if (signal.aborted) break;
      throw err;
    }
    if (next.done) break;
    const page = next.value;
    for (const [index, item] of page.items.entries()) {
      if (signal.aborted) break;
      const position = { page: page.page, index, ...(page.cursor === null ? {} : { cursor: page.cursor }) };
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        yield { type: 'failed', reason: 'BAD_RECORD', message: `a ${options.listName} list item is not a JSON object`, raw: item, position };
        continue;
      }
      const record = item as Record<string, unknown>;
      if (options.admit && !options.admit(record)) continue;
      read++;
      yield { type: 'record', data: record, position };
    }
    // a page cut short by cancellation is not checkpointed: the rest of it was never handed over
    if (signal.aborted) break;
    const checkpoint = options.checkpoint();
    if (checkpoint !== null) yield { type: 'checkpoint', cursor: { ...checkpoint } as JsonValue };
  }
  return read;
}
