import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { DeadLetterStage } from '../db/tables/ingestion.table';
import { maskJsonDeep } from '../domain/masking';
import { payloadHash } from './payload-hash';

/** A record the hub could not use. */
export interface NewDeadLetter {
  source: string;
  stream: string;
  position?: Record<string, unknown>;
  stage: DeadLetterStage;
  reason: string;
  message: string;
  /** The raw payload in clear: hashed as is, stored with personal information masked. */
  payload: unknown;
}

/**
 * Stores dead letters (one statement per 2,000); payloads are masked before they are written. A
 * record already dead-lettered for the same reason and still open is not stored again.
 */
export async function insertDeadLetters(db: Kysely<Database>, letters: readonly NewDeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  for (let i = 0; i < letters.length; i += 2_000) {
    await db
      .insertInto('dead_letter')
      .values(
        letters.slice(i, i + 2_000).map((l) => ({
          source: l.source,
          stream: l.stream,
          position: JSON.stringify(l.position ?? {}),
          stage: l.stage,
          reason_code: l.reason,
          message: l.message,
          payload: l.payload === undefined ? null : JSON.stringify(maskJsonDeep(l.payload)),
          payload_hash: payloadHash(l.payload ?? null),
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'stream', 'payload_hash', 'reason_code']).where('status', '=', 'OPEN').doNothing())
      .execute();
  }
}
