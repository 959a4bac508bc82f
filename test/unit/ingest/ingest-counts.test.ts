import { describe, expect, it } from 'vitest';
import { addCounts, emptyCounts } from '../../../src/ingest/ingest-counts';

describe('addCounts', () => {
  it('adds every count of IngestCounts and leaves other members alone', () => {
    const into = { ...emptyCounts(), applied: 1, parked: 2, read: 7, seconds: 0.5 };
    const more = { applied: 10, unchanged: 20, stale: 30, deadLetters: 40, parked: 50, unparked: 60, read: 1_000 };
    expect(addCounts(into, more)).toBe(into);
    expect(into).toEqual({ applied: 11, unchanged: 20, stale: 30, deadLetters: 40, parked: 52, unparked: 60, read: 7, seconds: 0.5 });
  });
});
