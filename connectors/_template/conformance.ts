import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '../../src/sdk/conformance';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** What one full run over fixtures/ must produce (the conformance suite checks it). */
export const conformance: ConformanceFixture = {
  // When the records refer to data another source loads (areas, grids, people), supply it here as
  // canonical changes; the suite applies them before the streams run:
  //   prerequisites: () => [change('adminArea', { code: '420102002003', name: '幸福社区', level: 'community', parentCode: '420102002' }), …],
  async setup() {
    return { config: { path: FIXTURES }, async teardown() {} };
  },
  badConfigs: [{ name: 'a folder that does not exist', config: { path: '/nonexistent/huiju-template' }, kind: 'config' }],
  expected: {
    // people_20260601.csv: p1, p2 applied; p3 bad check character; p4 no 户号
    // people_20260602.csv: p1 again in a newer version (applied); p6 invalid mobile; p7 shifted by an unquoted comma
    people: { read: 7, applied: 3, deadLetters: { INVALID_ID_CHECKSUM: 1, MISSING_FIELD: 1, INVALID_MOBILE: 1, BAD_CSV: 1 } },
  },
};
