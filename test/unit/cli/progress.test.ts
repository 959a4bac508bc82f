/**
 * The progress lines of long CLI runs (src/cli/progress.ts): per-label rates, elapsed time and ETA,
 * computed from an injected clock — no test waits or reads the wall clock.
 */
import { describe, expect, it } from 'vitest';
import { createProgress, createStreamStarts, etaMs, formatDuration, formatProgressLine, meanRate, RATE_WINDOW_MS, recentRate } from '../../../src/cli/progress';

/** A writable that keeps what was written, and a clock the test moves. */
function harness(tty = false) {
  const written: string[] = [];
  const write = (s: string) => {
    written.push(s);
    return true;
  };
  const stream = { write, isTTY: tty } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
  let now = 1_000_000;
  return { stream, written, clock: () => now, advance: (ms: number) => (now += ms), at: () => now };
}

describe('progress arithmetic', () => {
  it('computes the mean rate, the recent rate over its window and the ETA', () => {
    expect(meanRate(5_000, 2_000)).toBe(2_500);
    expect(meanRate(10, 0)).toBe(10_000); // never divides by zero
    // samples spanning 4 s: 400 records in them → 100/s, whatever the run's mean
    expect(recentRate([{ at: 0, count: 1_000 }, { at: 4_000, count: 1_400 }], 1_400, 60_000)).toBe(100);
    // less than a second of samples: the mean since the label began
    expect(recentRate([{ at: 0, count: 10 }, { at: 500, count: 20 }], 20, 10_000)).toBe(2);
    expect(etaMs(300, 100)).toBe(3_000);
    expect(etaMs(undefined, 100)).toBeUndefined();
    expect(etaMs(300, 0)).toBeUndefined();
  });

  it('formats durations and lines', () => {
    expect(formatDuration(5_140)).toBe('5.1 s');
    expect(formatDuration(5_140, { whole: true })).toBe('6 s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(7_380_000)).toBe('2h 03m');
    expect(formatProgressLine({ read: 12_000, 'dead letters': 10 }, { label: 's1/people', rate: 2_345.4, elapsedMs: 5_100, etaMs: 12_000 })).toBe(
      's1/people  read 12,000  dead letters 10  (2,345 records/s, 5.1 s, ETA 12 s)',
    );
    expect(formatProgressLine({ read: 3 }, { rate: 1, elapsedMs: 3_000 })).toBe('read 3  (1 records/s, 3.0 s)');
  });
});

describe('createProgress', () => {
  it('gives each label its own rate and elapsed time from its own start', () => {
    const h = harness();
    const progress = createProgress(h.stream, { clock: h.clock, intervalMs: 1_000 });
    const commandStart = h.at();
    h.advance(10_000);
    // the first stream read 10,000 in 10 s
    progress.done({ read: 10_000 }, 'src/a', { startedAt: commandStart });
    // the second began then and read 500 in 2 s
    const secondStart = h.at();
    h.advance(2_000);
    progress.update({ read: 500 }, 'src/b', { startedAt: secondStart });
    expect(h.written).toEqual(['src/a  read 10,000  (1,000 records/s, 10.0 s)\n', 'src/b  read 500  (250 records/s, 2.0 s)\n']);
  });

  it('shows an ETA from a total or a remaining count, and the recent rate while running', () => {
    const h = harness();
    const progress = createProgress(h.stream, { clock: h.clock, intervalMs: 0, rateKey: 'records' });
    h.advance(1_000);
    progress.update({ records: 100 }, 'ingest t', { remaining: 900 });
    h.advance(2_000);
    // 400 more in 2 s: 200/s recently; 500 left → 3 s (ETA rounds up)
    progress.update({ records: 500 }, 'ingest t', { remaining: 500 });
    h.advance(1_000);
    progress.update({ records: 600 }, 'demo', { total: 1_000 });
    expect(h.written).toEqual([
      'ingest t  records 100  (100 records/s, 1.0 s, ETA 9 s)\n',
      'ingest t  records 500  (200 records/s, 3.0 s, ETA 3 s)\n',
      // a new label with one sample: its mean since the progress began (4 s), 150/s; 400 of 1,000 left
      'demo  records 600  (150 records/s, 4.0 s, ETA 3 s)\n',
    ]);
  });

  it('forgets samples older than the rate window', () => {
    const h = harness();
    const progress = createProgress(h.stream, { clock: h.clock, intervalMs: 0, rateKey: 'records' });
    // busy for a minute, then idle: the recent rate falls to 0 while the mean does not
    for (let i = 1; i <= 60; i++) {
      h.advance(1_000);
      progress.update({ records: i * 1_000 }, 'w');
    }
    h.advance(RATE_WINDOW_MS + 1_000);
    progress.update({ records: 60_000 }, 'w');
    expect(h.written.at(-2)).toContain('(1,000 records/s, 1m 00s)');
    expect(h.written.at(-1)).toContain('(0 records/s, 1m 11s)');
    progress.done({ records: 60_000 }, 'w');
    expect(h.written.at(-1)).toContain('(845 records/s, 1m 11s)');
  });

  it('writes a label at most once per interval, each label on its own, nothing when quiet', () => {
    const h = harness();
    const progress = createProgress(h.stream, { clock: h.clock, intervalMs: 5_000 });
    progress.update({ read: 1 }, 'a');
    progress.update({ read: 1 }, 'b');
    h.advance(4_999);
    progress.update({ read: 2 }, 'a');
    h.advance(1);
    progress.update({ read: 3 }, 'a');
    expect(h.written.map((l) => l.split('  ')[0])).toEqual(['a', 'b', 'a']);
    const quiet = harness();
    const silent = createProgress(quiet.stream, { clock: quiet.clock, quiet: true });
    silent.update({ read: 1 }, 'a');
    silent.done({ read: 1 }, 'a');
    expect(quiet.written).toEqual([]);
  });

  it('redraws in place on a terminal and ends the line when done', () => {
    const h = harness(true);
    const progress = createProgress(h.stream, { clock: h.clock });
    h.advance(1_000);
    progress.update({ read: 5 }, 'a');
    progress.done({ read: 5 }, 'a');
    expect(h.written).toEqual(['\r\x1b[2Ka  read 5  (5 records/s, 1.0 s)', '\r\x1b[2Ka  read 5  (5 records/s, 1.0 s)\n']);
  });
});

describe('createStreamStarts', () => {
  it("starts a source's next stream where its previous one was last seen, and each source on its own", () => {
    let now = 0;
    const starts = createStreamStarts(() => now);
    now = 1_000;
    expect(starts.startOf('s1', 'grids')).toBe(0);
    now = 3_000;
    expect(starts.startOf('s1', 'grids')).toBe(0);
    expect(starts.startOf('s2', 'people')).toBe(0);
    now = 4_000;
    expect(starts.startOf('s1', 'residents')).toBe(3_000);
    now = 9_000;
    expect(starts.startOf('s1', 'residents')).toBe(3_000);
  });
});
