import type { HuijuConfig } from '../../config';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration written `30s`, `15m`, `24h`, `7d` (or `0`) in milliseconds; throws on anything else. */
export function durationMs(text: string): number {
  if (text === '0') return 0;
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw Object.assign(new Error(`"${text}" is not a duration like 30m, 24h or 7d`), { code: 'BAD_USER_INPUT' });
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** How long a record waits, parked, for a row it refers to (`ingest.parkedFor`), in milliseconds. */
export function parkedForMs(config: Pick<HuijuConfig, 'ingest'>): number {
  return durationMs(config.ingest.parkedFor);
}

/** Whether the write path parks records at all (`ingest.parkedFor` other than `0`). */
export function parkingEnabled(config: Pick<HuijuConfig, 'ingest'>): boolean {
  return parkedForMs(config) > 0;
}
