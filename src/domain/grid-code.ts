import { HuijuError } from '../errors';
import { parseAreaCode } from './area-code';
import { toHalfWidth } from './normalize';

/** A valid 网格编码. */
export interface GridCodeOk {
  ok: true;
  /** The 15-digit code. */
  code: string;
  /** First 12 digits: the NBS code of the community the grid belongs to. */
  communityCode: string;
  /** Last 3 digits as a number, 1–999. */
  seq: number;
}

/** A refused grid code. */
export interface GridCodeError {
  ok: false;
  reason: 'INVALID_GRID_CODE';
  message: string;
}

export type GridCodeResult = GridCodeOk | GridCodeError;

function fail(message: string): GridCodeError {
  return { ok: false, reason: 'INVALID_GRID_CODE', message };
}

/**
 * Validate a 网格编码: 15 digits = the 12-digit code of a community (community and street
 * segments non-zero) + a 3-digit grid sequence that is not `000`, e.g. `420102002003001`.
 * Range warnings on the community code are not repeated here. Never throws.
 */
export function parseGridCode(raw: string): GridCodeResult {
  const code = toHalfWidth(raw).replace(/\s+/g, '');
  if (!/^\d{15}$/.test(code)) return fail('grid code: must be 15 digits');
  const communityCode = code.slice(0, 12);
  const area = parseAreaCode(communityCode);
  if (!area.ok || area.level !== 'community') {
    return fail('grid code: first 12 digits must be a community-level area code');
  }
  const seq = Number(code.slice(12));
  if (seq === 0) return fail('grid code: grid sequence must not be 000');
  return { ok: true, code, communityCode, seq };
}

/**
 * Build a grid code from a community's 12-digit code and a sequence 1–999. Throws
 * `HuijuError('INVALID_GRID_CODE')` when the result would not parse.
 */
export function formatGridCode(communityCode: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999) {
    throw new HuijuError('INVALID_GRID_CODE', 'grid code: sequence must be an integer 1–999', { seq });
  }
  const code = `${communityCode}${String(seq).padStart(3, '0')}`;
  const parsed = parseGridCode(code);
  if (!parsed.ok) throw new HuijuError('INVALID_GRID_CODE', parsed.message);
  return parsed.code;
}
