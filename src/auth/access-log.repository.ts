import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Caller } from './caller';

/** One audited act, as written to the append-only `access_log`. */
export interface AccessLogEntry {
  /** What was done, e.g. `REVEAL_PERSON`, `RESET_STREAM`, `PAUSE_SOURCE`. */
  readonly action: string;
  /** Canonical entity of the row concerned (`person`). */
  readonly entity: string;
  /** The row's uuid; `null` for what has none (a configured source), named by `target` instead. */
  readonly entityId: string | null;
  /** What the act concerned when it is not a row with a uuid: `source:<id>`, `source:<id>/<stream>`. */
  readonly target?: string;
  /** Fields shown in clear. */
  readonly fields: readonly string[];
  /** The reason the caller stated. */
  readonly reason: string;
}

/**
 * Appends an access-log row for `caller`. Called inside the transaction of the act it records,
 * before the act: if the row cannot be written the transaction fails and nothing is shown
 * (fail closed). The table refuses updates and deletes (a trigger).
 */
export async function appendAccessLog(trx: Kysely<Database>, caller: Caller, entry: AccessLogEntry): Promise<string> {
  const row = await trx
    .insertInto('access_log')
    .values({
      actor: caller.subject,
      role: caller.role,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      fields: [...entry.fields],
      reason: entry.reason,
      request_id: null,
      target: entry.target ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
