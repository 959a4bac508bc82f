import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { PiiVault } from '../../pii/pii-vault';
import { insertDeadLetters, type NewDeadLetter } from '../dead-letter.repository';
import { claimExpiredParked, deleteParked } from './parked-records.repository';

/** Parked records turned into dead letters per transaction. */
const PAGE = 1_000;

/** Which parked records to expire. */
export interface ExpireOptions {
  /** How long a record may wait (`parkedForMs(config)`), in milliseconds. */
  parkedForMs: number;
  /** Expire every parked record, whatever its age (`huiju parked expire --now`, tests). Default `false` (but `true` when `parkedForMs` is 0). */
  all?: boolean;
  /** Only this source's. */
  source?: string;
  /** The clock. Default `new Date()`. */
  now?: Date;
}

/**
 * Ends the wait of the parked records older than `parkedForMs` (or all of them): each becomes an
 * `UNRESOLVED_REFERENCE` dead letter (stage RESOLVE) whose message names the missing key (a place
 * code; a person described, never shown) and how long it waited, with the raw payload stored as
 * every dead letter's is — masked by its stream's personal-field declaration, and encrypted for
 * `huiju dead-letters replay` (`insertDeadLetters`). One transaction per 1,000 records; rows
 * another transaction is applying are skipped. Returns how many expired.
 */
export async function expireParkedRecords(db: Kysely<Database>, vault: PiiVault, options: ExpireOptions): Promise<number> {
  // parking switched off (`0`) after records were parked: none of them waits any longer
  const all = options.all === true || options.parkedForMs <= 0;
  const now = options.now ?? new Date();
  const parkedBefore = all ? null : new Date(now.getTime() - options.parkedForMs);
  let expired = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const page = await claimExpiredParked(trx, vault, { parkedBefore, source: options.source, limit: PAGE });
      if (page.length === 0) return 0;
      const letters: NewDeadLetter[] = page.map(({ record: r, message, parkedAt }) => ({
        source: r.source,
        stream: r.stream,
        externalId: r.externalId,
        version: r.version,
        position: r.position,
        stage: 'RESOLVE',
        reason: 'UNRESOLVED_REFERENCE',
        message: `${message}: waited since ${parkedAt.toISOString()} (ingest.parkedFor ${describeMs(options.parkedForMs)}${options.all ? ', expired by hand' : ''})`,
        payload: r.payload,
        personalFields: r.personalFields,
      }));
      await insertDeadLetters(trx, letters, vault);
      await deleteParked(trx, page.map((p) => p.id));
      return page.length;
    });
    expired += n;
    if (n < PAGE) return expired;
  }
}

function describeMs(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
