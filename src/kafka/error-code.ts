import { isHuijuError } from '../errors';

/**
 * A short code naming a failure in a log line or a retry event, never its message (a database
 * message can quote a value): the `HuijuError` code, else a `code` (SQLSTATE, `ECONNREFUSED`), a
 * kafkajs `type` (`MESSAGE_TOO_LARGE`), the error's name, or `INTERNAL`.
 */
export function errorCode(err: unknown): string {
  if (isHuijuError(err)) return err.code;
  const e = err as { code?: unknown; type?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.type === 'string') return e.type;
  return typeof e?.name === 'string' ? e.name : 'INTERNAL';
}
