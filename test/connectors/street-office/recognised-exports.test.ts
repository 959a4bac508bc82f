import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_EXTENSIONS, exportsFingerprint } from '../../../connectors/street-office/read-exports';
import { recognisedTable, rememberTable } from '../../../connectors/street-office/recognised-exports';
import { AppliedFiles, pendingFiles, type PendingFile } from '../../../src/sdk/transports/files';
import { fixtureConfig, readAll } from './support';

/** The fixture folder's files as a first sync lists them. */
async function fixtureFiles(): Promise<PendingFile[]> {
  return pendingFiles(resolve(process.cwd(), fixtureConfig().path), AppliedFiles.fromCursor(null), { extensions: EXPORT_EXTENSIONS });
}

const byName = (files: PendingFile[], prefix: string) => files.find((f) => f.name.startsWith(prefix))!;

describe('street-office: a file of another table is parsed once for all the streams of a street', () => {
  it('a stream that read the folder leaves each readable file’s table for the other streams, under its reading setup only', async () => {
    const config = fixtureConfig({ headerAliases: { 公民身份号码: ['身份证号码', '证件号码（住户）'] } });
    const files = await fixtureFiles();
    const fingerprint = exportsFingerprint(config);
    expect(recognisedTable(byName(files, '人口_20240301.'), fingerprint)).toBeUndefined();
    await readAll('grids', config);
    expect(recognisedTable(byName(files, '人口_20240301.'), fingerprint)).toBe('residents');
    expect(recognisedTable(byName(files, '房屋_'), fingerprint)).toBe('dwellings');
    expect(recognisedTable(byName(files, '权责清单_'), fingerprint)).toBe('duty-items');
    expect(recognisedTable(byName(files, '网格_'), fingerprint)).toBe('grids');
    // another setup (here the fixture's own aliases) may read the same bytes otherwise: not known yet
    expect(recognisedTable(byName(files, '人口_20240301.'), exportsFingerprint(fixtureConfig()))).toBeUndefined();
  });

  it('a stream sets aside, unparsed, a file remembered as another table’s — and still reads its own', async () => {
    // a setup of this test alone, so no other stream has read the folder under it
    const config = fixtureConfig({ headerAliases: { 民族: ['民族（测试）'] } });
    const fingerprint = exportsFingerprint(config);
    const files = await fixtureFiles();
    const grids = await readAll('grids', config);
    expect(grids.filter((m) => m.type === 'record').length).toBeGreaterThan(0);
    // were the grid export remembered as the duty list, the grids stream would take it for another table's
    rememberTable(byName(files, '网格_'), fingerprint, 'duty-items');
    const again = await readAll('grids', config);
    expect(again.filter((m) => m.type === 'record')).toEqual([]);
  });
});
