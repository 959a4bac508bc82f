import { describe, expect, it } from 'vitest';
import { isoInstant } from '../../../src/graphql/common/iso-instant';

describe('isoInstant', () => {
  it('writes what Date.prototype.toISOString writes', () => {
    const cases = [0, -1, 1, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 1_782_822_960_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, -8.64e15, 8.64e15, -2_208_988_800_000 /* 1900 */];
    let x = 12_345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      cases.push(Math.round((x / 2_147_483_648 - 0.5) * 2 * 4e14) + (i % 1000)); // ±12,000 years around 1970
    }
    for (const ms of cases) expect(isoInstant(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});
