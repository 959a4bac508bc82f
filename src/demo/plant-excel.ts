import { citizenIdCheckChar } from '../domain/citizen-id';
import { branchRng, plant, type BuildContext } from './build-context';
import type { WorldPerson } from './world.types';

/**
 * Excel-damaged identifiers of the variant district's street exports (`variants: true`).
 *
 * A clerk opens the 人口 export in Excel and saves it again: an 18-digit ID typed into a General
 * cell becomes a number with 15 significant digits (`420103199001011234` → `420103199001011000`),
 * and a CSV saved from it writes the number as `4.20103E+17`; an 11-digit mobile becomes
 * `1.38123E+10`. The person is real and well (their ID is clean in the World); only that export's
 * cell is damaged, and the truth is that the row **must be rejected**, never stored as a person
 * nobody is — even when the rounded digits happen to pass the check character.
 *
 * The first variant street exports 人口 as XLSX with numeric ID cells (`EXCEL_NUMERIC_ID`: two
 * whose rounded digits pass the check, two whose do not); the second as CSV with
 * `EXCEL_SCIENTIFIC_ID` (three) and `EXCEL_SCIENTIFIC_MOBILE` (two). Listed in `World.planted`
 * (key: the clean ID number). The renderers turn them into cells with {@link excelNumericId},
 * {@link excelScientific}.
 */
export function plantExcelDamage(ctx: BuildContext, streetCodes9: readonly string[]): void {
  const w = ctx.world;
  const planted = new Set(w.planted.filter((p) => p.collection === 'persons').map((p) => p.key));
  const persons = new Map(w.persons.map((p) => [p.idNumber, p]));
  const households = new Map(w.households.map((h) => [h.householdNo, h]));
  streetCodes9.slice(0, 2).forEach((street, i) => {
    const rng = branchRng(ctx, `streets/${street}/excel-damage`);
    // current residents the street's 人口 export lists, with a clean all-digit ID and a mobile
    const seen = new Set<string>();
    const listed: WorldPerson[] = [];
    for (const r of w.residencies) {
      if (r.validTo !== null || seen.has(r.personId) || !households.get(r.householdNo)?.gridCode.startsWith(street)) continue;
      seen.add(r.personId);
      const p = persons.get(r.personId);
      if (p && !planted.has(p.idNumber) && /^\d{18}$/.test(p.idNumber) && p.mobile !== null) listed.push(p);
    }
    const take = (pool: WorldPerson[], n: number) => {
      const out = rng.sample(pool, Math.min(n, pool.length));
      for (const p of out) pool.splice(pool.indexOf(p), 1);
      return out;
    };
    if (i === 0) {
      const passing = listed.filter((p) => roundedIdPassesCheck(p.idNumber));
      const failing = listed.filter((p) => !roundedIdPassesCheck(p.idNumber));
      for (const p of [...take(passing, 2), ...take(failing, 2)]) {
        const cell = excelNumericId(p.idNumber);
        plant(ctx, {
          collection: 'persons',
          key: p.idNumber,
          field: 'idNumber',
          defect: 'EXCEL_NUMERIC_ID',
          note: `S1 人口 xlsx: the ID is a number cell (${cell}); the rounded digits ${roundedIdPassesCheck(p.idNumber) ? 'pass' : 'fail'} the check: must be rejected`,
        });
      }
    } else {
      const pool = [...listed];
      for (const p of take(pool, 3)) {
        plant(ctx, { collection: 'persons', key: p.idNumber, field: 'idNumber', defect: 'EXCEL_SCIENTIFIC_ID', note: `S1 人口 CSV saved by Excel: ID written ${excelScientific(p.idNumber)}: must be rejected` });
      }
      for (const p of take(pool, 2)) {
        plant(ctx, { collection: 'persons', key: p.idNumber, field: 'mobile', defect: 'EXCEL_SCIENTIFIC_MOBILE', note: `S1 人口 CSV saved by Excel: mobile written ${excelScientific(p.mobile!)}: must be rejected` });
      }
    }
  });
}

/** The number an xlsx cell holds after Excel kept 15 significant digits of an 18-digit ID. */
export function excelNumericId(id18: string): number {
  return Number(roundedIdDigits(id18));
}

/** The ID's digits rounded to 15 significant digits, as Excel stores them: `…1234` → `…1000`. */
export function roundedIdDigits(id18: string): string {
  const n = BigInt(id18);
  return (((n + 500n) / 1000n) * 1000n).toString();
}

/** Whether the rounded digits still pass the GB 11643 check character (the dangerous case). */
export function roundedIdPassesCheck(id18: string): boolean {
  const r = roundedIdDigits(id18);
  return r.length === 18 && citizenIdCheckChar(r.slice(0, 17)) === r[17];
}

/** A long number as Excel's General format writes it to CSV: 6 significant digits, `4.20103E+17`. */
export function excelScientific(digits: string): string {
  const [mantissa, exp] = Number(digits).toExponential(5).split('e');
  return `${mantissa!.replace(/\.?0+$/, '')}E+${exp!.replace('+', '').padStart(2, '0')}`;
}
