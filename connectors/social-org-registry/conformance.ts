import { fileURLToPath } from 'node:url';
import { change } from '../../src/sdk/canonical-change';
import type { ConformanceFixture } from '../../src/sdk/conformance';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/**
 * One full run over fixtures/ on a store holding the prerequisites: the community a filed
 * organisation is active in (永和社区 420102002001) and the areas above it, as the street
 * office's grids would have loaded them. What each count comes from: README.md, "Fixtures".
 */
export const conformance: ConformanceFixture = {
  prerequisites: () => [
    change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null }),
    change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' }),
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: '420102002001', name: '永和社区', level: 'community', parentCode: '420102002', isTest: true }),
  ],
  async setup() {
    return { config: { path: FIXTURES }, async teardown() {} };
  },
  badConfigs: [
    { name: 'a folder that does not exist', config: { path: '/nonexistent/huiju-social-orgs' }, kind: 'config' },
    { name: 'a file, not a folder', config: { path: fileURLToPath(new URL('./README.md', import.meta.url)) }, kind: 'config' },
    { name: 'an alias for an unknown column', config: { path: FIXTURES, headerAliases: { 法人: ['法定代表人'] } }, kind: 'config' },
  ],
  expected: {
    organizations: {
      // 社会组织名录_20240101.csv: 15 rows, 8 applied; the 旧模板 file drifts; the JSON Lines file: 6 lines, 4 applied
      read: 22,
      applied: 12,
      deadLetters: {
        INVALID_USCC_FORMAT: 1,
        MISSING_FIELD: 2,
        INVALID_VALUE: 2,
        INVALID_DATE: 1,
        MOJIBAKE: 1,
        SCHEMA_DRIFT: 1,
        BAD_JSON: 2,
      },
    },
  },
};
