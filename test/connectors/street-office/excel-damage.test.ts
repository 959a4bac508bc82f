import * as XLSX from '@e965/xlsx';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCitizenId } from '../../../src/domain/citizen-id';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import { RESIDENTS_CSV } from './fixture-files';
import { useStreetOfficeFixture } from './fixture-source';

/**
 * A resident export saved from Excel: one ID typed into a numeric cell (Excel kept 15 of its 18
 * digits, and the rounded digits pass the check digit), one mobile written in scientific notation
 * as text. Both are `EXCEL_PRECISION_LOST` dead letters; nobody is stored under the rounded ID.
 */
describe('street-office: an xlsx resident export with Excel-damaged numbers', () => {
  const fx = useStreetOfficeFixture('huiju-s1-xlsx-');
  /** 420102199003073123 as Excel stores it in a numeric cell: 15 significant digits. */
  const ROUNDED = 420102199003073000;


  it('dead-letters a numeric 18-digit ID cell and a scientific-notation mobile as EXCEL_PRECISION_LOST', async () => {
    // the precondition that made this dangerous: the rounded digits are a valid ID
    expect(parseCitizenId(String(ROUNDED)).ok).toBe(true);
    await syncSource(fx.hub, fx.source());
    const before = await fx.hub.db.selectFrom('person').select('id').execute();

    const [header, ...rows] = RESIDENTS_CSV.filter((r) => r.some((c) => c !== ''));
    const idCol = header!.indexOf('身份证号码');
    const mobileCol = header!.indexOf('手机号');
    expect(idCol).toBeGreaterThanOrEqual(0);
    expect(mobileCol).toBeGreaterThanOrEqual(0);
    const damagedId: (string | number)[] = [...rows[0]!];
    damagedId[0] = '方圆';
    damagedId[idCol] = ROUNDED;
    damagedId[mobileCol] = '13900009991';
    const damagedMobile: (string | number)[] = [...rows[0]!];
    damagedMobile[0] = '方正';
    damagedMobile[idCol] = '420102199003073123';
    damagedMobile[mobileCol] = '1.39E+10';
    const ws = XLSX.utils.aoa_to_sheet([header!, ...rows, damagedId, damagedMobile]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '人口');
    await writeFile(join(fx.folder, '人口_20240401.xlsx'), new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));

    const [residents] = await syncSource(fx.hub, fx.source(), { streams: ['residents'] });
    expect(residents!.reasons.EXCEL_PRECISION_LOST).toBe(2);
    const letters = await fx.hub.db
      .selectFrom('dead_letter')
      .select(['reason_code', 'message', 'payload'])
      .where('reason_code', '=', 'EXCEL_PRECISION_LOST')
      .execute();
    expect(letters).toHaveLength(2);
    // masked: neither the rounded ID nor the clean one appears in a dead letter
    const shown = JSON.stringify(letters);
    expect(shown).not.toContain('199003073');
    expect(shown).not.toContain('4.20102E+17');
    // nobody new under the rounded number, nor 方正 with the lost mobile
    const after = await fx.hub.db.selectFrom('person').select(['id', 'name']).execute();
    expect(after.length).toBe(before.length);
    expect(after.map((p) => p.name)).not.toContain('方圆');
    expect(after.map((p) => p.name)).not.toContain('方正');
  });
});
