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
  /** Failed again for the same reason: still OPEN, replay count raised. */
  stillFailing: number;
  /** Failed again for another reason: now REPLAYED, a new open dead letter holds the new reason. */
  newReason: number;
  /** Not replayable here (parse failures, unknown source, no stored payload), with why. */
  skipped: { id: string; why: string }[];
}

/**
 * Maps dead letters again with the source's current connector and config (after a mapping fix, a
 * new header alias, a corrected reference) and writes them through the one write path. Parse
 * failures are not replayable from the store: re-read the source (`connectors sync --full`).
 */
export async function replayDeadLetters(hub: Hub, sources: readonly ResolvedSource[], filter: DeadLetterFilter): Promise<ReplayReport> {
  let q = hub.db.selectFrom('dead_letter').select(['id', 'source', 'stream', 'stage', 'reason_code', 'payload_enc', 'position', 'external_id', 'source_version']).where('status', '=', 'OPEN');
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.stream) q = q.where('stream', '=', filter.stream);
  if (filter.reason) q = q.where('reason_code', '=', filter.reason);
  if (filter.ids?.length) q = q.where('id', 'in', [...filter.ids]);
  const letters = await q.orderBy('created_at').limit(filter.limit ?? 10_000).execute();
  const report: ReplayReport = { considered: letters.length, replayed: 0, stillFailing: 0, newReason: 0, skipped: [] };
  const bySource = new Map(sources.map((s) => [s.id, s]));
  const replayable: { letter: (typeof letters)[number]; record: IngestRecord }[] = [];
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
  for (let i = 0; i < replayable.length; i += 500) {
    const chunk = replayable.slice(i, i + 500);
    await ingestBatch(hub.db, chunk.map((c) => c.record), {
      ...hubIngestOptions(hub),
      alsoInTransaction: async (trx, result) => {
        const done: string[] = [];
        const again: string[] = [];
        result.outcomes.forEach((o, j) => {
          const letter = chunk[j]!.letter;
          if (o.status !== 'dead') {
            done.push(letter.id);
            report.replayed += 1;
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
  return report;
}
