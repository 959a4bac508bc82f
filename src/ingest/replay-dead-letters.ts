import { analyzeChangedTables } from '../db/analyze-changed';
import { sql } from 'kysely';
import type { Hub } from '../hub';
import type { JsonValue } from '../sdk/connector';
import { isHuijuError } from '../errors';
import { hubIngestOptions, ingestBatch } from './ingest-batch';
import type { IngestRecord } from './ingest-record';
import type { DeadLetterFilter } from './dead-letter.repository';
import type { ResolvedSource } from './sync/resolve-source';

/** What a replay did. */
export interface ReplayReport {
  /** Dead letters looked at. */
  considered: number;
  /** Mapped and written (or found already current): now REPLAYED. */
  replayed: number;
  /**
   * Of the replayed, records whose reference is still missing: parked (src/ingest/park/), to be
   * applied when the row lands, or to come back as a dead letter after `ingest.parkedFor`.
   */
  parked: number;
  /** Failed again for the same reason: still OPEN, replay count raised. */
  stillFailing: number;
  /** Failed again for another reason: now REPLAYED, a new open dead letter holds the new reason. */
  newReason: number;
  /** Not replayable here (parse failures, unknown source, no stored payload), with why. */
  skipped: { id: string; why: string }[];
  /** Open dead letters matching the filter that a `limit` left unconsidered (0 without a limit). */
  remaining: number;
}

/** Dead letters read and written per transaction. */
const PAGE = 500;

/**
 * Maps dead letters again with the source's current connector and config (after a mapping fix, a
 * new header alias, a corrected reference) and writes them through the one write path. Parse
 * failures are not replayable from the store: re-read the source (`connectors sync --full`).
 *
 * Every open dead letter matching the filter is replayed, oldest first, in pages of 500 (one
 * transaction each), unless `filter.limit` caps how many are considered; then `remaining` says
 * how many matching ones were left. Dead letters a replay itself creates (a new reason) are not
 * replayed again in the same run.
 */
export async function replayDeadLetters(hub: Hub, sources: readonly ResolvedSource[], filter: DeadLetterFilter): Promise<ReplayReport> {
  const report: ReplayReport = { considered: 0, replayed: 0, parked: 0, stillFailing: 0, newReason: 0, skipped: [], remaining: 0 };
  const { rows: clock } = await sql<{ now: string }>`select now()::text as now`.execute(hub.db);
  const startedAt = clock[0]!.now;
  const matching = () => {
    let q = hub.db.selectFrom('dead_letter').where('status', '=', 'OPEN').where(sql<boolean>`created_at <= ${startedAt}::timestamptz`);
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.stream) q = q.where('stream', '=', filter.stream);
    if (filter.reason) q = q.where('reason_code', '=', filter.reason);
    if (filter.ids?.length) q = q.where('id', 'in', [...filter.ids]);
    return q;
  };
  const after = (cursor: { at: string; id: string } | null) => (cursor ? sql<boolean>`(created_at, id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql<boolean>`true`);
  let cursor: { at: string; id: string } | null = null;
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  while (report.considered < limit) {
    const size = Math.min(PAGE, limit - report.considered);
    const letters = await matching()
      .where(after(cursor))
      .select(['id', 'source', 'stream', 'stage', 'reason_code', 'payload_enc', 'position', 'external_id', 'source_version', sql<string>`created_at::text`.as('created_text')])
      .orderBy('created_at')
      .orderBy('id')
      .limit(size)
      .execute();
    if (letters.length === 0) break;
    cursor = { at: letters.at(-1)!.created_text, id: letters.at(-1)!.id };
    report.considered += letters.length;
    await replayPage(hub, sources, letters, report);
    if (letters.length < size) break;
  }
  if (filter.limit !== undefined) {
    const left = await matching().where(after(cursor)).select(sql<string>`count(*)`.as('n')).executeTakeFirst();
    report.remaining = Number(left?.n ?? 0);
  }
  if (report.replayed > 0) await analyzeChangedTables(hub.db, hub.logger);
  return report;
}

interface LetterRow {
  id: string;
  source: string;
  stream: string;
  stage: string;
  reason_code: string;
  payload_enc: string | null;
  position: Record<string, unknown>;
  external_id: string | null;
  source_version: Date | null;
}

/** Replays one page of dead letters in one transaction. */
async function replayPage(hub: Hub, sources: readonly ResolvedSource[], letters: readonly LetterRow[], report: ReplayReport): Promise<void> {
  const bySource = new Map(sources.map((s) => [s.id, s]));
  const replayable: { letter: LetterRow; record: IngestRecord }[] = [];
  const readAt = new Date().toISOString();
  for (const letter of letters) {
    const source = bySource.get(letter.source);
    const stream = source?.connector.streams.find((s) => s.name === letter.stream);
    if (!source || !stream) {
      report.skipped.push({ id: letter.id, why: `no configured source/stream ${letter.source}/${letter.stream}` });
      continue;
    }
    if (letter.stage === 'PARSE' || !letter.payload_enc) {
      report.skipped.push({ id: letter.id, why: 'a parse failure: re-read the source with `connectors sync --full`' });
      continue;
    }
    const raw = JSON.parse(hub.vault.decrypt(letter.payload_enc)) as unknown;
    let record: IngestRecord;
    try {
      record = {
        kind: 'mapped',
        source: source.id,
        stream: stream.name,
        externalId: stream.externalId(raw),
        version: stream.version(raw, letter.source_version ? new Date(letter.source_version).toISOString() : readAt),
        payload: raw,
        position: letter.position as Record<string, JsonValue>,
        changes: stream.map(raw, { config: source.config, sourceId: source.id }),
        personalFields: stream.personalFields,
      };
    } catch (err) {
      if (!isHuijuError(err)) throw err;
      record = {
        kind: 'failed',
        source: source.id,
        stream: stream.name,
        externalId: letter.external_id ?? '',
        position: letter.position,
        stage: 'MAP',
        reason: err.code,
        message: err.message,
        payload: raw,
        // a new dead letter is masked by the stream's declaration like the first one
        personalFields: stream.personalFields,
      };
    }
    replayable.push({ letter, record });
  }
  if (replayable.length === 0) return;
  await ingestBatch(hub.db, replayable.map((c) => c.record), {
    ...hubIngestOptions(hub),
    alsoInTransaction: async (trx, result) => {
      const done: string[] = [];
      const again: string[] = [];
      result.outcomes.forEach((o, j) => {
        const letter = replayable[j]!.letter;
        if (o.status !== 'dead') {
          done.push(letter.id);
          report.replayed += 1;
          if (o.status === 'parked') report.parked += 1;
        } else if (o.reason === letter.reason_code) {
          again.push(letter.id);
          report.stillFailing += 1;
        } else {
          done.push(letter.id);
          report.newReason += 1;
        }
      });
      if (done.length) await trx.updateTable('dead_letter').set((eb) => ({ status: 'REPLAYED', replayed_at: new Date(), replay_count: eb('replay_count', '+', 1) })).where('id', 'in', done).execute();
      if (again.length) await trx.updateTable('dead_letter').set((eb) => ({ replay_count: eb('replay_count', '+', 1) })).where('id', 'in', again).execute();
    },
  });
}
