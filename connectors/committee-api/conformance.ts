import { generateWorld } from '../../src/demo/generate';
import { worldToRecords } from '../../src/demo/world-to-records';
import type { CanonicalChange } from '../../src/sdk/canonical-change';
import type { ConformanceFixture } from '../../src/sdk/conformance';
import type { JsonValue } from '../../src/sdk/connector';
import { COMMITTEE_STREAMS, startFakeCommitteePlatform } from '../../test/support/fake-committee-platform';

/**
 * Where the bad configs that need the running fake platform point until `setup()` has started
 * it: an unreachable address. `setup()` fills in the fake's URL in place (the suite reads
 * `badConfigs` inside its tests, after `setup()`), `teardown()` puts this back.
 */
const NOT_STARTED = 'http://127.0.0.1:1/fake-committee-platform-not-started';

/** Fast retries: the fake answers 429/500/503 on purpose and asks for `Retry-After: 0`. */
const FAST = { retryBaseDelayMs: 10, timeoutMs: 5_000 } as const;

const badConfigs: ConformanceFixture['badConfigs'] = [
  { name: 'a base URL nothing listens on', config: { baseUrl: 'http://127.0.0.1:1/api', token: 'any-token', ...FAST }, kind: 'transient' },
  { name: 'a wrong token and no client credentials to renew it', config: { baseUrl: NOT_STARTED, token: 'not-a-valid-token', ...FAST }, kind: 'config' },
  {
    name: 'a wrong token and a wrong client secret',
    config: { baseUrl: NOT_STARTED, token: 'not-a-valid-token', clientId: 'huiju-test-client', clientSecret: 'wrong-secret', ...FAST },
    kind: 'config',
  },
  { name: 'a client id without its secret', config: { baseUrl: NOT_STARTED, token: 'any-token', clientId: 'huiju-test-client' }, kind: 'config' },
];

/** The demo World the fake platform serves (`tiny`, seed `huiju`). */
const WORLD = { profile: 'tiny', seed: 'huiju' } as const;

/** Planted defects the write path refuses: the prerequisites leave those objects out. */
const REFUSED_DEFECTS = new Set(['INVALID_ID_CHECKSUM', 'INVALID_ID_DATE', 'MOJIBAKE_NAME', 'INVALID_MOBILE', 'USCC_INVALID_FORMAT']);

/**
 * The prerequisites: the World's reference data — areas, organisations, grids, projects,
 * buildings, dwellings, households, people, residencies, party organisations and members, staff,
 * duty items — as another source would have loaded it; everything but what this connector
 * itself reads (cases, activities, contact assignments, alliance members). People and organisations with a
 * planted defect the write path refuses (a bad ID number, a mojibake name …) are left out, with
 * the residencies, memberships and roles that refer to them.
 */
function prerequisites(): CanonicalChange[] {
  const own = new Set<string>(COMMITTEE_STREAMS);
  const world = generateWorld(WORLD);
  const refused = new Set(world.planted.filter((p) => REFUSED_DEFECTS.has(p.defect)).map((p) => p.key));
  const refers = (payload: unknown) => ['idNumber', 'personId', 'key'].some((f) => refused.has(String((payload as Record<string, unknown>)[f])));
  return worldToRecords(world)
    .filter((r) => !own.has(r.stream) && !refers(r.payload))
    .flatMap((r) => r.changes);
}

/**
 * What one full run yields on the suite's store holding the prerequisites: every reference
 * resolves, so every record that passes mapping and validation applies and only the planted
 * mess is dead-lettered:
 *
 * - cases (42): `UNKNOWN_STATUS` 待核实; `MISSING_FIELD` a case without a status;
 *   `INVALID_ID_CHECKSUM` a reporter's ID number; `MOJIBAKE` the World's garbled case content
 *   and a garbled event note; the other 37 apply.
 * - activities (10): `MISSING_FIELD` an activity without a type; `MOJIBAKE` three activities a
 *   World person with a garbled name took part in; the other 6 apply.
 * - contact-assignments (10): `INVALID_ID_CHECKSUM` a member's ID number; the other 9 apply.
 * - alliance-members (20): the member units of the World's five alliances (three communities'
 *   and both streets'), all apply: every unit and alliance is in the prerequisites (the records
 *   say the alliance again, and the unit).
 *
 * On an empty store every record that passes mapping and validation would be dead-lettered
 * `UNRESOLVED_REFERENCE` instead (replayable once the reference data is loaded).
 */
const expected: ConformanceFixture['expected'] = {
  cases: { read: 42, applied: 37, deadLetters: { UNKNOWN_STATUS: 1, MISSING_FIELD: 1, INVALID_ID_CHECKSUM: 1, MOJIBAKE: 2 } },
  activities: { read: 10, applied: 6, deadLetters: { MISSING_FIELD: 1, MOJIBAKE: 3 } },
  'contact-assignments': { read: 10, applied: 9, deadLetters: { INVALID_ID_CHECKSUM: 1 } },
  'alliance-members': { read: 20, applied: 20, deadLetters: {} },
};

/**
 * One full run on a store loaded with the whole demo World (`loadDemo(hub, { profile: 'tiny',
 * seed: 'huiju' })`): the same as on the prerequisites. Checked by
 * `test/connectors/committee-api/sync.test.ts`.
 */
export const expectedOnDemoStore: ConformanceFixture['expected'] = expected;

/**
 * The committee-api fixtures: the fake committee platform (test/support/fake-committee-platform.ts)
 * with its default faults — 429 with `Retry-After`, 500 and 503, a token that expires every ten
 * requests, page-edge repeats, `updated_at` ties — read four records a page.
 */
export const conformance: ConformanceFixture = {
  async setup() {
    const platform = await startFakeCommitteePlatform(WORLD);
    const patched = badConfigs.filter((b) => b.config.baseUrl === NOT_STARTED);
    for (const b of patched) b.config.baseUrl = platform.baseUrl;
    const config: Record<string, JsonValue> = {
      baseUrl: platform.baseUrl,
      token: platform.token,
      clientId: platform.clientId,
      clientSecret: platform.clientSecret,
      pageSize: 4,
      ...FAST,
    };
    return {
      config,
      async teardown() {
        for (const b of patched) b.config.baseUrl = NOT_STARTED;
        await platform.close();
      },
    };
  },
  prerequisites,
  badConfigs,
  expected,
};
