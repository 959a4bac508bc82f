import { HuijuError } from '../errors';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * Seconds in a duration written like a source schedule: `30s`, `15m`, `8h`, `90d`. Used for a
 * token's lifetime (`--ttl`) and an API key's (`--expires`). Throws `BAD_USER_INPUT` naming `what`.
 */
export function parseDurationSeconds(text: string, what: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS] : 0;
  if (!m || seconds <= 0) throw new HuijuError('BAD_USER_INPUT', `${what} must be a duration like 30m, 8h or 90d`, { field: what });
  return seconds;
}
