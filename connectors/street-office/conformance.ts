import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '../../src/sdk/conformance';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** The config over fixtures/ (the street 大智街道 and its ancestors); the connector's tests start from it too. */
export const FIXTURE_CONFIG = {
  path: FIXTURES,
  streetCode: '420102002',
  streetName: '大智街道',
  parentAreas: [
    { code: '420000', name: '湖北省' },
    { code: '420100', name: '武汉市' },
    { code: '420102', name: '江岸区' },
  ],
  testData: true,
};

/**
 * One full run over fixtures/ (a fresh store; the config writes the street and its ancestors, so
 * nothing else must exist). What each count comes from is listed in README.md, "Fixtures".
 */
export const conformance: ConformanceFixture = {
  async setup() {
    return {
      config: { ...FIXTURE_CONFIG },
      async teardown() {},
    };
  },
  badConfigs: [
    { name: 'a folder that does not exist', config: { path: '/nonexistent/huiju-street-office', streetCode: '420102002' }, kind: 'config' },
    { name: 'a file, not a folder', config: { path: fileURLToPath(new URL('./README.md', import.meta.url)), streetCode: '420102002' }, kind: 'config' },
    { name: 'a community code as street code', config: { path: FIXTURES, streetCode: '420102002001' }, kind: 'config' },
    { name: 'an alias for a column no table has', config: { path: FIXTURES, streetCode: '420102002', headerAliases: { 身份证: ['证件'] } }, kind: 'config' },
  ],
  expected: {
    // 网格_20240301.csv: 4 grids; a grid whose 社区代码 is street 003's (the grid of street 003 is skipped, counted, not read)
    grids: { read: 5, applied: 4, deadLetters: { OUT_OF_SCOPE: 1 } },
    // the 4 grid rows naming a worker: 张伟, 赵磊 (lower-case x) by ID; 王芳's ID fails its check digit;
    // 李娜 by name + mobile only, whom no known person matches
    'grid-workers': { read: 4, applied: 2, deadLetters: { INVALID_ID_CHECKSUM: 1, UNLINKED_PERSON: 1 } },
    // 房屋_20240301.xlsx: 7 rows
    dwellings: { read: 7, applied: 4, deadLetters: { INVALID_VALUE: 1, MISSING_FIELD: 1, INVALID_GRID_CODE: 1 } },
    // 人口_20240215_旧模板.csv drifts; 人口_20240301.csv has 17 rows (人口_20240101.csv is superseded, the 副本 a copy)
    residents: {
      read: 18,
      applied: 8,
      deadLetters: {
        SCHEMA_DRIFT: 1,
        INVALID_ID_CHECKSUM: 1,
        INVALID_ID_DATE: 1,
        INVALID_ID_FORMAT: 1,
        INVALID_MOBILE: 1,
        MISSING_FIELD: 1,
        INVALID_VALUE: 1,
        MOJIBAKE: 2,
        UNRESOLVED_REFERENCE: 1,
      },
    },
    // 权责清单_20240301.csv: 9 items
    'duty-items': { read: 9, applied: 6, deadLetters: { INVALID_VALUE: 1, MISSING_FIELD: 1, MOJIBAKE: 1 } },
  },
};
