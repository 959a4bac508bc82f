import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { NewDeadLetter } from '../dead-letter.repository';
import { payloadHash } from '../payload-hash';
import { applyMappedRecords } from '../write/apply-changes';
import type { PrepareContext } from '../write/entity-spec';
import { StagedRecords } from '../write/staged-records';
import type { SurvivorshipPolicy } from '../write/survivorship';
import { claimResolvableParked, deleteParked, type ParkItem, parkRecords } from './parked-records.repository';

/** Parked records claimed per round. */
const ROUND_SIZE = 2_000;
/**
 * Rounds per call: each round's rows may be what the next round's records wait for (a
 * household before its dwelling before its building); a chain longer than this waits for the
 * next batch.
 */
const MAX_ROUNDS = 8;

/** What applying the parked records did. */
export interface UnparkResult {
  /** Parked records that left the parking lot through the write path (applied, or found current or stale). */
  unparked: number;
  /** Of those, records that wrote something. */
  applied: number;
  /** Records parked again, now waiting for another row. */
  reparked: number;
  /** Records that failed for another reason: dead letters to store with the batch's. */
  letters: NewDeadLetter[];
  matches: number;
  /** Change events written for the rows they wrote. */
  events: number;
}

/**
 * Applies the parked records whose missing row now exists, inside the caller's transaction,
 * through the same write path (`applyMappedRecords`), repeating while a round applies anything
 * (what one round writes may be what another parked record waits for). A record that misses
 * another row is parked again under the new key; one that fails for another reason becomes a
 * dead letter (returned, for the caller to store with its own); the rest leave the parking lot.
 * Rows another transaction is applying are skipped (`skip locked`), so concurrent batches never
 * apply one parked record twice.
 */
export async function applyParkedRecords(
  trx: Kysely<Database>,
  options: { ctx: PrepareContext; policy?: SurvivorshipPolicy; changeEvents: boolean },
): Promise<UnparkResult> {
  const result: UnparkResult = { unparked: 0, applied: 0, reparked: 0, letters: [], matches: 0, events: 0 };
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // a record parked again under a key that exists (not found through it all the same) is not tried twice
    const claimed = (await claimResolvableParked(trx, options.ctx.vault, ROUND_SIZE)).filter((p) => !seen.has(p.id));
    if (claimed.length === 0) break;
    for (const p of claimed) seen.add(p.id);
    const records = claimed.map((p) => p.record);
    const staged = StagedRecords.of(records, options.ctx);
    const applied = await applyMappedRecords(trx, staged, options.ctx, options.policy, { changeEvents: options.changeEvents });
    const done: string[] = [];
    const again: ParkItem[] = [];
    let wrote = 0;
    applied.outcomes.forEach((o, j) => {
      if (o === 'rejected') return;
      done.push(claimed[j]!.id);
      result.unparked += 1;
      if (o === 'applied') wrote += 1;
    });
    for (const rej of applied.rejections) {
      const p = claimed[rej.index]!;
      if (rej.reason === 'UNRESOLVED_REFERENCE' && rej.missing) {
        again.push({ record: p.record, payloadHash: staged.hashes[rej.index] ?? payloadHash(p.record.payload), missing: rej.missing, message: rej.message });
      } else {
        done.push(p.id);
        const r = p.record;
        result.letters.push({
          source: r.source,
          stream: r.stream,
          externalId: r.externalId,
          version: r.version,
          position: r.position,
          stage: rej.stage,
          reason: rej.reason,
          message: rej.message,
          payload: r.payload,
          personalFields: r.personalFields,
        });
      }
    }
    await deleteParked(trx, done);
    if (again.length > 0) result.reparked += (await parkRecords(trx, again, options.ctx.vault)).size;
    result.applied += wrote;
    result.matches += applied.matches;
    result.events += applied.events;
    // nothing written: nothing new another parked record could have been waiting for
    if (wrote === 0) break;
  }
  return result;
}
