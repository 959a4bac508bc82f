import type { LogEvent } from 'kysely';

/** One kind of statement and the time its statements were in flight (summed; deferred writes may overlap). */
export interface StatementKind {
  kind: string;
  seconds: number;
  count: number;
}

/** What {@link StatementTime.summary} gives for a window of a run. */
export interface StatementSummary {
  /**
   * Time at least one statement of the store was in flight: from the call to its answer, so the
   * driver's encoding of parameters and decoding of rows count, as do the wire and waits for locks.
   */
  inFlightSeconds: number;
  /** Statements that ended in the window. */
  statements: number;
  /** The kinds that took the most time, most first. */
  top: StatementKind[];
  /**
   * The time no statement was in flight, split by the kind of the statement that came next (what
   * the hub was preparing, or waiting to send: `begin` after a gap is the time between
   * transactions), most first. `count` is how many such gaps there were.
   */
  before: StatementKind[];
}

/**
 * Where a run's time goes between the hub and its store, from the store's statement log
 * (`openHub(config, { onQuery })`): each statement is an interval from its send to its answer.
 * Their union within a window is the time the store (or the wire) had work; the rest of the
 * window the hub worked alone (or waited on something else, a file or the broker). Timed in this
 * process, so it needs no access to the server.
 */
export class StatementTime {
  private readonly spans: { from: number; to: number; kind: string }[] = [];

  /** `now`: the clock statements are timed by, ms (default `performance.now`). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Pass as `onQuery` to `openHub`. */
  readonly onQuery = (event: LogEvent): void => {
    const to = this.now();
    this.spans.push({ from: to - event.queryDurationMillis, to, kind: statementKind(event.query.sql) });
  };

  /** The summary of the statements that ended within [from, to] (`performance.now()` times). */
  summary(from: number, to: number, top = 6): StatementSummary {
    const spans = this.spans.filter((s) => s.to >= from && s.to <= to).sort((a, b) => a.from - b.from);
    let inFlight = 0;
    let reach = from;
    const gaps = new Map<string, StatementKind>();
    for (const s of spans) {
      if (s.from > reach) {
        const g = gaps.get(s.kind) ?? { kind: s.kind, seconds: 0, count: 0 };
        g.seconds += (s.from - reach) / 1000;
        g.count += 1;
        gaps.set(s.kind, g);
      }
      const start = Math.max(s.from, reach);
      if (s.to > start) inFlight += s.to - start;
      reach = Math.max(reach, s.to);
    }
    const kinds = new Map<string, StatementKind>();
    for (const s of spans) {
      const k = kinds.get(s.kind) ?? { kind: s.kind, seconds: 0, count: 0 };
      k.seconds += (s.to - s.from) / 1000;
      k.count += 1;
      kinds.set(s.kind, k);
    }
    const most = (m: Map<string, StatementKind>) => [...m.values()].sort((a, b) => b.seconds - a.seconds).slice(0, top);
    return { inFlightSeconds: inFlight / 1000, statements: spans.length, top: most(kinds), before: most(gaps) };
  }
}

/** A short name for a statement: `insert person`, `lineage`, `select person`, `commit` … */
export function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const table = (re: RegExp) => re.exec(sql)?.[1]?.replace(/"/g, '');
  if (sql.includes('insert into source_record')) return 'lineage';
  // the write path's identity lock: its time is mostly waiting for another transaction to commit
  if (sql.includes('pg_advisory_xact_lock')) return 'identity lock';
  const copied = table(/^copy ("?[\w.]+"?)/);
  if (copied) return `copy ${copied}`;
  const inserted = table(/insert into ("?[\w.]+"?)/);
  if (inserted) return `insert ${inserted}`;
  const updated = table(/^update ("?[\w.]+"?)/);
  if (updated) return `update ${updated}`;
  const deleted = table(/^delete from ("?[\w.]+"?)/);
  if (deleted) return `delete ${deleted}`;
  // the first table read, not a function a list comes from (`from json_array_elements(…)`)
  const read = table(/ from ("?[\w.]+"?)(?![\w."]|\s*\()/);
  if (sql.startsWith('select') || sql.startsWith('with')) return read ? `select ${read}` : 'select';
  return sql.split(' ')[0] ?? sql;
}

const listed = (kinds: StatementKind[]) => kinds.map((k) => `${k.kind} ${k.seconds.toFixed(2)}`).join(', ');

/** `4.31 s in flight (lineage 1.21, insert person 0.98, …)`. */
export function describeStatements(s: StatementSummary): string {
  return `${s.inFlightSeconds.toFixed(2)} s with a statement in flight (${s.statements} statements; most time: ${listed(s.top)})`;
}

/** `the hub alone 2.71 s (before begin 0.80, before copy outbox 0.41, …)`: the window's rest, by what came next. */
export function describeHubAlone(s: StatementSummary, windowSeconds: number): string {
  const rest = `the hub alone ${(windowSeconds - s.inFlightSeconds).toFixed(2)} s`;
  return s.before.length === 0 ? rest : `${rest} (most before: ${listed(s.before)})`;
}
