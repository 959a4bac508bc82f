import type { JsonValue } from '../../src/sdk/index';
import { IncrementalPosition as SdkIncrementalPosition, type UpdatedSinceCursor } from '../../src/sdk/transports/http/incremental-position';

/**
 * The cursor the hub stores for one stream of the platform:
 *
 *   `{ "updatedSince": "<the largest updated_at committed>", "seenAtThatInstant": ["<id>", …] }`
 *
 * The platform lists records ordered by `(updated_at, id)` and filters with `updated_since`; the
 * SDK's {@link SdkIncrementalPosition} (src/sdk/transports/http/incremental-position.ts, shared
 * with manifest connectors) reads it.
 */
export type CommitteeCursor = UpdatedSinceCursor;

/** The SDK's read position, with this connector named in a bad cursor's message. */
export const IncrementalPosition = {
  from: (cursor: JsonValue | null, startFrom?: string | null): SdkIncrementalPosition => SdkIncrementalPosition.from(cursor, startFrom, 'committee-api'),
};
