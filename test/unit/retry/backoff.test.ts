import { describe, expect, it } from 'vitest';
import { backoffMs, sleep } from '../../../src/retry/backoff';

describe('backoffMs: the one back-off formula', () => {
  it('doubles from initialMs and stops at maxMs', () => {
    const b = { initialMs: 200, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((r) => backoffMs(r, b))).toEqual([200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
  });

  it('stays finite and capped however many retries (and treats a negative retry as the first)', () => {
    const b = { initialMs: 200, maxMs: 10_000 };
    expect(backoffMs(5_000, b)).toBe(10_000);
    expect(backoffMs(Number.MAX_SAFE_INTEGER, b)).toBe(10_000);
    expect(backoffMs(-3, b)).toBe(200);
    expect(backoffMs(3, { initialMs: 0, maxMs: 1_000 })).toBe(0);
  });

  it('with equal jitter waits between half and all of the nominal wait', () => {
    const b = { initialMs: 100, maxMs: 1_000, jitter: 'equal' as const };
    expect([0, 1, 2, 3, 4].map((r) => backoffMs(r, b, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((r) => backoffMs(r, b, () => 0.999999))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffMs(2, b, () => 0.5)).toBe(300);
  });

  it('keeps the callers\' schedules: the ingest worker, the outbox relay, the HTTP client', () => {
    // ingest worker retry n (1-based): 200 ms · 2^(n−1), at most 10 s
    expect([1, 2, 3, 8].map((attempt) => backoffMs(attempt - 1, { initialMs: 200, maxMs: 10_000 }))).toEqual([200, 400, 800, 10_000]);
    // outbox relay after n failures: poll · 2^n, at most poll · 32 and 30 s
    const relay = (poll: number, failures: number) => backoffMs(failures, { initialMs: poll, maxMs: Math.min(30_000, poll * 32) });
    expect([1, 2, 5, 6, 9].map((f) => relay(500, f))).toEqual([1_000, 2_000, 16_000, 16_000, 16_000]);
    expect([5, 6].map((f) => relay(2_000, f))).toEqual([30_000, 30_000]);
  });
});

describe('sleep', () => {
  it('rejects with the signal\'s reason when aborted, at once when already aborted', async () => {
    const c = new AbortController();
    const waiting = sleep(60_000, c.signal);
    c.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await expect(sleep(10, c.signal)).rejects.toThrow('stop');
  });

  it('resolves after the wait without a signal', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
