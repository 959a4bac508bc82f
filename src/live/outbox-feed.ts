import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { ChangeSource, LiveChange } from './change-feed';

/** Options of {@link createOutboxSource}. */
export interface OutboxSourceOptions {
  /** Wait between polls, ms. Default 200 (a change reaches subscribers within about that). */
  pollIntervalMs?: number;
  /** Most rows read per poll. Default 1,000 (the rest is read by the next poll, at once). */
  batchSize?: number;
  /**
   * How long a missing `seq` below the newest seen is looked for again, ms. Default 5,000.
   * On PostgreSQL sequence numbers are taken when a row is inserted, not when it commits: a
   * transaction that took seq 11 may commit after one that took seq 12 was read. Rolled-back
   * transactions leave gaps that never fill, so the wait is bounded.
   */
  gapWaitMs?: number;
  logger?: Logger;
}

interface OutboxFeedRow {
  seq: string;
  event_id: string;
  type: string;
  entity: string;
  entity_id: string;
  created_at: Date | string;
}

/** Most gaps tracked at once (a larger jump is taken as rollbacks and not looked back into). */
const MAX_GAPS = 1_000;

function toLiveChange(row: OutboxFeedRow): LiveChange {
  return {
    eventId: row.event_id,
    entity: row.entity,
    id: row.entity_id,
    operation: row.type.slice(row.type.lastIndexOf('.') + 1),
    time: new Date(row.created_at).toISOString(),
  };
}

/**
 * The embedded-mode change source: polls the `outbox` table (written by the write path in each
 * batch's transaction) for rows after the last one seen. Each poll is one index range scan on the
 * primary key (`seq > $last order by seq limit n`, no payload read), plus a look-up of recent gaps
 * by primary key. It starts at the newest row when the first subscriber arrives (no backlog is
 * replayed) and stops when the last leaves. Works on PGlite and PostgreSQL alike; with Kafka,
 * use ./kafka-feed.ts so every API replica sees changes other processes commit without polling.
 */
export function createOutboxSource(db: Kysely<Database>, options: OutboxSourceOptions = {}): ChangeSource {
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const batchSize = options.batchSize ?? 1_000;
  const gapWaitMs = options.gapWaitMs ?? 5_000;
  const log = options.logger?.child({ component: 'live-outbox-feed' });
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = true;

  return {
    async start(publish) {
      const { rows } = await sql<{ last: string | null }>`select max(seq)::text as last from outbox`.execute(db);
      let last = BigInt(rows[0]?.last ?? '0');
      /** Missing seqs below `last` → when they were first missed (ms). */
      const gaps = new Map<bigint, number>();
      stopped = false;

      const poll = async () => {
        const now = Date.now();
        for (const [seq, since] of gaps) if (now - since > gapWaitMs) gaps.delete(seq);
        const found: OutboxFeedRow[] = [];
        if (gaps.size > 0) {
          const { rows: late } = await sql<OutboxFeedRow>`
            select seq::text as seq, event_id, type, entity, entity_id, created_at from outbox
            where seq = any(${[...gaps.keys()].map(String)}::bigint[])`.execute(db);
          for (const r of late) gaps.delete(BigInt(r.seq));
          found.push(...late);
        }
        for (;;) {
          const { rows: next } = await sql<OutboxFeedRow>`
            select seq::text as seq, event_id, type, entity, entity_id, created_at from outbox
            where seq > ${String(last)}::bigint order by seq limit ${batchSize}`.execute(db);
          for (const r of next) {
            const seq = BigInt(r.seq);
            if (seq - last > 1n && seq - last <= BigInt(MAX_GAPS) && gaps.size < MAX_GAPS) {
              for (let s = last + 1n; s < seq; s++) gaps.set(s, now);
            }
            last = seq;
          }
          found.push(...next);
          if (next.length < batchSize) break;
        }
        if (found.length > 0) {
          found.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
          publish(found.map(toLiveChange));
        }
      };

      const loop = () => {
        if (stopped) return;
        polling = poll()
          .catch((err: unknown) => log?.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'outbox poll failed; retrying'))
          .finally(() => {
            polling = null;
            if (!stopped) timer = setTimeout(loop, pollIntervalMs);
          });
      };
      timer = setTimeout(loop, pollIntervalMs);
      log?.debug({ from: String(last) }, 'outbox feed started');
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await polling;
      log?.debug('outbox feed stopped');
    },
  };
}
