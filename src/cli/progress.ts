/**
 * Progress lines of long CLI runs (`huiju connectors sync`, `huiju ingest`, `huiju demo`), on the
 * human stream (stderr), never on the machine one: one line per label — a source's stream, a raw
 * topic — with its counts, its own rate in records/s, how long it has run and, when the work left
 * is known (a total, a consumer lag), an ETA:
 *
 *   `residents/people  read 12,000  applied 11,990  dead letters 10  (2,345 records/s, 5.1 s, ETA 12 s)`
 *
 * Redrawn in place on a terminal, one line per label every few seconds otherwise (CI logs stay
 * short); nothing when `quiet` (`--json`). Time comes from an injectable clock, so the rate and
 * ETA arithmetic is tested without waiting.
 */

/** What a progress line may know beyond its counts. */
export interface ProgressExtra {
  /** When this label's work began (clock ms). Default: the progress's `startedAt`. */
  startedAt?: number;
  /** Records the work holds in all (counted as the rate key): the ETA is for the rest. */
  total?: number;
  /** Records still to do (e.g. a consumer lag): the ETA is for these. Wins over `total`. */
  remaining?: number;
}

/** A throttled progress reporter, one line per label. */
export interface Progress {
  /** A line for `label` unless one was written less than the interval ago. */
  update(counts: Record<string, number>, label?: string, extra?: ProgressExtra): void;
  /** The label's final line, always written; its rate is the mean over its whole run. */
  done(counts: Record<string, number>, label?: string, extra?: ProgressExtra): void;
}

export interface ProgressOptions {
  /** Write nothing (`--json` runs). Default `false`. */
  quiet?: boolean;
  /** The count the rate is of. Default `read`. */
  rateKey?: string;
  /** When the work began (clock ms): labels given no start of their own count from it. Default: now. */
  startedAt?: number;
  /** The clock, ms. Default `Date.now` (tests inject one). */
  clock?: () => number;
  /** Least time between two lines of a label. Default 200 ms on a terminal, 5 s otherwise. */
  intervalMs?: number;
}

/** Span of the recent rate shown while a label runs: a worker idle for a while shows its current pace, not its lifetime mean. */
export const RATE_WINDOW_MS = 10_000;

/** One label's samples (clock ms, rate-key count), oldest first, within {@link RATE_WINDOW_MS} of the newest. */
interface LabelState {
  startedAt: number;
  lastWritten: number;
  samples: { at: number; count: number }[];
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: ProgressOptions = {}): Progress {
  const clock = options.clock ?? Date.now;
  const started = options.startedAt ?? clock();
  const tty = Boolean(stream.isTTY);
  const interval = options.intervalMs ?? (tty ? 200 : 5_000);
  const rateKey = options.rateKey ?? 'read';
  const labels = new Map<string, LabelState>();

  /** The label's state with the new sample added, samples older than the window dropped (two kept at least). */
  const sample = (label: string, extra: ProgressExtra | undefined, at: number, count: number) => {
    let s = labels.get(label);
    if (!s) {
      s = { startedAt: extra?.startedAt ?? started, lastWritten: Number.NEGATIVE_INFINITY, samples: [] };
      labels.set(label, s);
    } else if (extra?.startedAt !== undefined) s.startedAt = extra.startedAt;
    s.samples.push({ at, count });
    while (s.samples.length > 2 && s.samples[1]!.at <= at - RATE_WINDOW_MS) s.samples.shift();
    return s;
  };
  const line = (counts: Record<string, number>, label: string | undefined, extra: ProgressExtra | undefined, final: boolean) => {
    const now = clock();
    const count = counts[rateKey] ?? 0;
    const state = sample(label ?? '', extra, now, count);
    const elapsedMs = Math.max(now - state.startedAt, 0);
    const rate = final ? meanRate(count, elapsedMs) : recentRate(state.samples, count, elapsedMs);
    const remaining = extra?.remaining ?? (extra?.total !== undefined ? Math.max(extra.total - count, 0) : undefined);
    return { state, now, text: formatProgressLine(counts, { label, rate, elapsedMs, etaMs: final ? undefined : etaMs(remaining, rate) }) };
  };

  return {
    update(counts, label, extra) {
      if (options.quiet) return;
      const { state, now, text } = line(counts, label, extra, false);
      if (now - state.lastWritten < interval) return;
      state.lastWritten = now;
      stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
    },
    done(counts, label, extra) {
      if (options.quiet) return;
      const { state, now, text } = line(counts, label, extra, true);
      state.lastWritten = now;
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}

/**
 * When each source's stream began, as the progress lines see it: a source's streams run one after
 * the other, so a stream's first progress marks the end of the one before (its last batch) and the
 * start of this one; a source's first stream began when the command did.
 */
export function createStreamStarts(clock: () => number = Date.now) {
  const began = clock();
  const current = new Map<string, { stream: string; startedAt: number; lastSeen: number }>();
  return {
    startOf(sourceId: string, stream: string): number {
      const now = clock();
      const c = current.get(sourceId);
      if (c && c.stream === stream) {
        c.lastSeen = now;
        return c.startedAt;
      }
      const startedAt = c ? c.lastSeen : began;
      current.set(sourceId, { stream, startedAt, lastSeen: now });
      return startedAt;
    },
  };
}

/** Records per second over the whole run: `count` in `elapsedMs` (at least 1 ms). */
export function meanRate(count: number, elapsedMs: number): number {
  return count / (Math.max(elapsedMs, 1) / 1000);
}

/**
 * Records per second over the samples' span (the last {@link RATE_WINDOW_MS} or so) once it is at
 * least a second long; before that, the mean since the label began.
 */
export function recentRate(samples: readonly { at: number; count: number }[], count: number, elapsedMs: number): number {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first && last && last.at - first.at >= 1_000) return (last.count - first.count) / ((last.at - first.at) / 1000);
  return meanRate(count, elapsedMs);
}

/** Milliseconds left for `remaining` records at `rate` records/s; undefined when unknown or the rate is 0. */
export function etaMs(remaining: number | undefined, rate: number): number | undefined {
  if (remaining === undefined || !(rate > 0)) return undefined;
  return (remaining / rate) * 1000;
}

/** `label  read 1,234  applied 1,200  (2,345 records/s, 5.1 s, ETA 12 s)`. */
export function formatProgressLine(counts: Record<string, number>, line: { label?: string; rate: number; elapsedMs: number; etaMs?: number }): string {
  const parts = Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`);
  const timing = [`${Math.round(line.rate).toLocaleString('en-US')} records/s`, formatDuration(line.elapsedMs)];
  if (line.etaMs !== undefined) timing.push(`ETA ${formatDuration(line.etaMs, { whole: true })}`);
  return `${line.label ? `${line.label}  ` : ''}${parts.join('  ')}  (${timing.join(', ')})`;
}

/** `5.1 s` under a minute (`5 s` with `whole`), `4m 05s` under an hour, `2h 03m` beyond. */
export function formatDuration(ms: number, options: { whole?: boolean } = {}): string {
  const seconds = Math.max(ms, 0) / 1000;
  if (seconds < 60) return options.whole ? `${Math.ceil(seconds)} s` : `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3_600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3_600)}h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')}m`;
}
