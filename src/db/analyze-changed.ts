import { type Kysely, sql } from 'kysely';
import type { Logger } from '../logger';
import type { Database } from './database';

/**
 * Planner statistics after bulk writes. PostgreSQL plans from table statistics that autovacuum
 * keeps fresh — but autovacuum may be off (as on some managed and test servers), and PGlite has
 * none. A freshly loaded table then has no statistics at all and the planner guesses: a dashboard
 * statement that takes 4 ms with statistics took 30 ms without them.
 *
 * So every bulk writer — a sync run, a demo load, a dead-letter replay, and the Kafka ingest
 * workers on their settle timer — calls {@link analyzeChangedTables} when it is done. It applies
 * autovacuum's own analyze rule: a table whose rows changed since its last ANALYZE by more than
 * {@link ANALYZE_THRESHOLD} + {@link ANALYZE_SCALE_FACTOR} × its row count (or that was never
 * analyzed and has rows) is analyzed now. Where autovacuum runs, it usually got there first and
 * this finds nothing to do. Best effort: a failure is logged, never thrown.
 *
 * The changed-row counts come from the statistics views, which a connection feeds at most once a
 * second and, once idle, only ten seconds later: right after a short load written on several
 * pooled connections they show little of it. So the table's size on disk counts too — rows
 * inserted or updated grow it, reported or not: a table now larger than at its last ANALYZE by
 * as many pages as the rule's rows take (at the rows per page it had then), or never analyzed
 * and not empty, is due as well.
 *
 * The tables due are analyzed in two statements at once (each `analyze a, b, …`), split by size.
 *
 * Columns no statement filters, joins or sorts on ({@link isStatisticsFree}) have a statistics
 * target of 0 (migration 20261209_010000), so ANALYZE skips them: their statistics would guide no
 * plan, and their long, distinct values are the costliest to gather. ANALYZE of a loaded `ci`
 * demo's persons takes about half as long without them. A new such column gets the same target in
 * its migration (test/integration/statistics-targets.test.ts checks every one).
 */
export const ANALYZE_SCALE_FACTOR = 0.1;
export const ANALYZE_THRESHOLD = 50;

/** One table analyzed. */
export interface AnalyzedTable {
  table: string;
  /** Rows inserted, updated or deleted since its previous ANALYZE. */
  changed: number;
  /** Row count before (the planner's estimate; -1 when never analyzed). */
  estimatedRows: number;
}

interface TableStat {
  table: string;
  changed: string | number;
  live: string | number;
  reltuples: number;
  /** Pages at the last ANALYZE (0 when never analyzed). */
  relpages: number;
  /** Pages now. */
  pages: string | number;
}

/**
 * Whether a column's statistics guide no plan, so its statistics target is 0: a row's field
 * provenance (`provenance`), ciphertexts (`…_enc`) and payload hashes (`payload_hash`) are only
 * ever read back, never filtered, joined or sorted on.
 */
export function isStatisticsFree(column: string): boolean {
  return column === 'provenance' || column === 'payload_hash' || column.endsWith('_enc');
}

/** Whether a table is due by the rule above, from its reported changes or its growth on disk. */
function isDue(r: { changed: number; live: number; estimatedRows: number; relpages: number; pages: number }): boolean {
  if (r.estimatedRows < 0) return r.live > 0 || r.changed > 0 || r.pages > 0;
  const threshold = ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * r.estimatedRows;
  if (r.changed > threshold) return true;
  if (r.pages <= r.relpages) return false;
  // rows per page as of the last ANALYZE; an empty table then: a page of growth is due
  if (r.relpages === 0 || r.estimatedRows === 0) return true;
  return (r.pages - r.relpages) * (r.estimatedRows / r.relpages) > threshold;
}

/**
 * Analyzes the tables of the current schema that changed enough since their last ANALYZE (see
 * above). Returns what it analyzed.
 */
export async function analyzeChangedTables(db: Kysely<Database>, logger?: Logger): Promise<AnalyzedTable[]> {
  try {
    // this connection's pending counts reach the statistics views now rather than within a second
    await sql`select pg_stat_force_next_flush()`.execute(db).catch(() => {});
    const { rows } = await sql<TableStat>`
      select s.relname as "table", s.n_mod_since_analyze as changed, s.n_live_tup as live, c.reltuples, c.relpages,
        pg_relation_size(c.oid) / current_setting('block_size')::int as pages
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema()`.execute(db);
    const due = rows
      .map((r) => ({ table: r.table, changed: Number(r.changed), live: Number(r.live), estimatedRows: Number(r.reltuples), relpages: Number(r.relpages), pages: Number(r.pages) }))
      .filter(isDue);
    // two lanes of about equal size, one statement each: on a pool they run side by side (ANALYZE
    // reads and computes per table); PGlite's one connection runs them one after the other
    const lanes: { tables: string[]; pages: number }[] = [
      { tables: [], pages: 0 },
      { tables: [], pages: 0 },
    ];
    for (const r of [...due].sort((a, b) => b.pages - a.pages)) {
      const lane = lanes[0]!.pages <= lanes[1]!.pages ? lanes[0]! : lanes[1]!;
      lane.tables.push(r.table);
      lane.pages += Math.max(1, r.pages);
    }
    await Promise.all(lanes.filter((l) => l.tables.length > 0).map((l) => sql`analyze ${sql.join(l.tables.map((t) => sql.table(t)))}`.execute(db)));
    const analyzed: AnalyzedTable[] = due.map((r) => ({ table: r.table, changed: r.changed, estimatedRows: r.estimatedRows }));
    if (analyzed.length > 0) logger?.info({ tables: analyzed.map((a) => a.table) }, 'analyzed tables changed by the load (planner statistics)');
    return analyzed;
  } catch (err) {
    logger?.warn({ code: (err as { code?: string }).code }, 'analyzing changed tables failed; queries may plan without statistics until the next load');
    return [];
  }
}
