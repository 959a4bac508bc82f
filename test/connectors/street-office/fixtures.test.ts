import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsxRows } from '../../../src/sdk/transports/files';
import { FIXTURE_DIR, streetOfficeFixtureFiles } from './fixture-files';

describe('street-office fixtures', () => {
  it.each(streetOfficeFixtureFiles().map((f) => [f.name, f] as const))('%s is what fixture-files.ts describes', async (name, f) => {
    const committed = new Uint8Array(await readFile(join(FIXTURE_DIR, name)));
    // a workbook's zip bytes may differ between writers; its cells must not
    if (name.endsWith('.xlsx')) expect(readXlsxRows(committed)).toEqual(readXlsxRows(f.bytes));
    else expect(Buffer.from(committed).equals(Buffer.from(f.bytes))).toBe(true);
  });
});
