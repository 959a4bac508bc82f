import { resolve } from 'node:path';
import type { ConformanceFixture } from '../../src/sdk/conformance';

/** The template's fixtures: what one full run over `fixtures/` must produce. */
export const conformance: ConformanceFixture = {
  // When the records refer to data another source loads, supply it here as canonical changes;
  // the suite applies them through the write path before the streams run, e.g.
  //   prerequisites: () => [change('adminArea', { code: '420102002003', name: '幸福社区', level: 'community', parentCode: '420102002' }), …],
  // The template's people refer to nothing, so it has none.
  async setup() {
    return { config: { path: resolve(__dirname, 'fixtures') }, async teardown() {} };
  },
  badConfigs: [{ name: 'a folder that does not exist', config: { path: '/nonexistent/huiju-template' }, kind: 'config' }],
  expected: {
    // people-1: p1, p2 applied; p3 bad check character; p4 no household; line 5 unreadable JSON
    // people-2: p1 again in a newer version (applied); p6 with an invalid mobile
    people: { read: 7, applied: 3, deadLetters: { INVALID_ID_CHECKSUM: 1, MISSING_FIELD: 1, BAD_JSON: 1, INVALID_MOBILE: 1 } },
  },
};
