import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '../../src/sdk/conformance';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** One full run over fixtures/ on a fresh store. What each count comes from: README.md, "Fixtures". */
export const conformance: ConformanceFixture = {
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
      // 社会组织名录_20240101.csv: 15 rows, 7 applied; the 旧模板 file drifts; the JSON Lines file: 6 lines, 4 applied
      read: 22,
      applied: 11,
      deadLetters: {
        INVALID_USCC_FORMAT: 1,
        MISSING_FIELD: 2,
        INVALID_VALUE: 2,
        INVALID_DATE: 1,
        MOJIBAKE: 1,
        UNRESOLVED_REFERENCE: 1,
        SCHEMA_DRIFT: 1,
        BAD_JSON: 2,
      },
    },
  },
};
