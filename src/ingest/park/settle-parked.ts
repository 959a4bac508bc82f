import { isLockConflict } from '../../db/transient-error';
import type { Hub } from '../../hub';
import { hubIngestOptions, ingestBatch } from '../ingest-batch';
import { expireParkedRecords } from './expire-parked';
import { parkedForMs, parkingEnabled } from './parked-for';
import { parkedTotal } from './parked-records.repository';

/** What one settling of the parking lot did. */
export interface SettleReport {
  /** Parked records applied now (their row had landed, e.g. in another process's transaction). */
  unparked: number;
  /** Parked records that waited longer than `ingest.parkedFor`: now `UNRESOLVED_REFERENCE` dead letters. */
  expired: number;
  /** Records still waiting (of `source`, when given). */
  waiting: number;
}

/** Tries of the apply step when the server aborts it over a lock conflict with another batch. */
const ATTEMPTS = 3;

/**
 * Settles the parked records: applies those whose row has landed (an empty batch through
 * `ingestBatch`: a row committed by another transaction after the last batch that could have
 * applied them, e.g. another Kafka partition's worker, is seen here), then expires those older
 * than `ingest.parkedFor` (or all with `all`), and counts what still waits. Run at the end of
 * every sync run, on a timer by the Kafka worker, and by `huiju parked expire`.
 */
export async function settleParked(hub: Pick<Hub, 'db' | 'vault' | 'config'>, options: { all?: boolean; source?: string; now?: Date } = {}): Promise<SettleReport> {
  let unparked = 0;
  if (parkingEnabled(hub.config)) {
    for (let attempt = 1; ; attempt++) {
      try {
        unparked = (await ingestBatch(hub.db, [], hubIngestOptions(hub))).unparked;
        break;
      } catch (err) {
        if (!isLockConflict(err) || attempt >= ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }
  const expired = await expireParkedRecords(hub.db, hub.vault, { parkedForMs: parkedForMs(hub.config), all: options.all, source: options.source, now: options.now });
  const waiting = await parkedTotal(hub.db, options.source ? { source: options.source } : {});
  return { unparked, expired, waiting };
}
