import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';

type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** A source's latest sync, as `connectors list` shows it: the newest run of each of its streams, summed. */
export interface LastRun {
  sourceId: string;
  /** The worst status among the streams' newest runs: FAILED, then RUNNING, CANCELLED, SUCCEEDED. */
  status: RunStatus;
  /** Streams whose newest run has that status … and how many streams ran at all. */
  streams: number;
  /** When the newest of those runs started, and when the last of them finished (null while one runs). */
  startedAt: Date;
  finishedAt: Date | null;
  read: number;
  applied: number;
  deadLetters: number;
  /** Error codes of failed streams, `stream: CODE`. */
  errors: string[];
}

const WORST_FIRST: readonly RunStatus[] = ['FAILED', 'RUNNING', 'CANCELLED', 'SUCCEEDED'];

/**
 * The latest sync of each of `sourceIds`: one statement reading the newest run of every stream
 * (runs are recorded per stream). A source that never ran has no entry.
 */
export async function lastRuns(db: Kysely<Database>, sourceIds: readonly string[]): Promise<Map<string, LastRun>> {
  const out = new Map<string, LastRun>();
  if (sourceIds.length === 0) return out;
  const rows = await db
    .selectFrom('sync_run')
    .distinctOn(['source_id', 'stream'])
    .select(['source_id', 'stream', 'status', 'started_at', 'finished_at', 'records_read', 'records_applied', 'dead_letters', 'error_code'])
    .where('source_id', 'in', [...sourceIds])
    .orderBy('source_id')
    .orderBy('stream')
    .orderBy('started_at', 'desc')
    .execute();
  for (const r of rows) {
    const started = new Date(r.started_at);
    const finished = r.finished_at === null ? null : new Date(r.finished_at);
    const run = out.get(r.source_id);
    if (!run) {
      out.set(r.source_id, {
        sourceId: r.source_id,
        status: r.status,
        streams: 1,
        startedAt: started,
        finishedAt: finished,
        read: Number(r.records_read),
        applied: Number(r.records_applied),
        deadLetters: Number(r.dead_letters),
        errors: r.status === 'FAILED' ? [`${r.stream ?? '*'}: ${r.error_code ?? 'FAILED'}`] : [],
      });
      continue;
    }
    run.streams += 1;
    if (WORST_FIRST.indexOf(r.status) < WORST_FIRST.indexOf(run.status)) run.status = r.status;
    if (started > run.startedAt) run.startedAt = started;
    // biome-ignore lint/complexity/useMathMinMax: these are Dates; Math.max would turn them into numbers
    run.finishedAt = run.finishedAt === null || finished === null ? null : finished > run.finishedAt ? finished : run.finishedAt;
    run.read += Number(r.records_read);
    run.applied += Number(r.records_applied);
    run.deadLetters += Number(r.dead_letters);
    if (r.status === 'FAILED') run.errors.push(`${r.stream ?? '*'}: ${r.error_code ?? 'FAILED'}`);
  }
  return out;
}
