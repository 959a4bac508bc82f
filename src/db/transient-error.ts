/**
 * Whether a failed statement or transaction is worth retrying as it is: the database went away
 * or restarted (connection lost, admin shutdown, not accepting connections yet), or the server
 * chose this transaction as the victim of a deadlock or serialisation conflict. Anything else (a
 * constraint, a bad value, a bug) fails the same way again.
 */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  // SQLSTATE: 08 connection exception, 57P0x shutdown / cannot connect now, 40001 serialisation, 40P01 deadlock, 53300 too many connections
  if (/^08/.test(code) || /^57P0[1-4]$/.test(code) || code === '53300' || isLockConflict(err)) return true;
  // node socket errors
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|terminating connection|connection error|not queryable|Client was closed|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(message)) return true;
  return e.cause !== undefined && e.cause !== err ? isTransientDbError(e.cause) : false;
}

/** The unique key of a lineage row (`source_record`), as the server names it. */
const LINEAGE_KEY = 'source_record_source_stream_external_id_entity_entity_id_key';
/** The end of the name of a canonical table's natural-key constraint (`person_natural_key_key`). */
const NATURAL_KEY = '_natural_key_key';

/**
 * Whether a transaction failed over a conflict with another one and is expected to succeed when
 * run again once the other has finished: the server aborted it to resolve a deadlock (40P01) or a
 * serialisation failure (40001), or another transaction inserted a lineage row or a canonical row
 * this one took to be new (a unique violation on `source_record`'s key or a natural key; see the
 * write path's `writeLineage` and `upsertRows`).
 */
export function isLockConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  const code = e?.code;
  if (code === '40P01' || code === '40001') return true;
  if (code === '23505' && typeof e?.constraint === 'string' && (e.constraint === LINEAGE_KEY || e.constraint.endsWith(NATURAL_KEY))) return true;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err ? isLockConflict(cause) : false;
}
