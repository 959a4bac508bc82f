/** A throttled one-line progress reporter for long runs (records/s, counts, dead letters). */
export interface Progress {
  update(counts: Record<string, number>, label?: string): void;
  done(counts: Record<string, number>, label?: string): void;
}

/**
 * Writes `label  applied 1,234  dead letters 5  (2,345 records/s)` to a stream: redrawn in place
 * on a terminal, one line every few seconds otherwise (CI logs stay short); nothing when `quiet`.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean; rateKey?: string; startedAt?: number } = {}): Progress {
  // when the work began (ms since the epoch): the rate and the seconds count from it. Default: now
  const started = options.startedAt ?? Date.now();
  let last = 0;
  const tty = Boolean(stream.isTTY);
  const format = (counts: Record<string, number>, label?: string) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rateBase = counts[options.rateKey ?? 'read'] ?? 0;
    const parts = Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`);
    return `${label ? `${label}  ` : ''}${parts.join('  ')}  (${Math.round(rateBase / seconds).toLocaleString('en-US')} records/s, ${seconds.toFixed(1)} s)`;
  };
  return {
    update(counts, label) {
      if (options.quiet) return;
      const now = Date.now();
      if (now - last < (tty ? 200 : 5000)) return;
      last = now;
      stream.write(tty ? `\r\x1b[2K${format(counts, label)}` : `${format(counts, label)}\n`);
    },
    done(counts, label) {
      if (options.quiet) return;
      stream.write(tty ? `\r\x1b[2K${format(counts, label)}\n` : `${format(counts, label)}\n`);
    },
  };
}
