import type { ConformanceFixture } from '../../src/sdk/conformance';
import type { JsonValue } from '../../src/sdk/connector';
import { startFakeCommitteePlatform } from '../../test/support/fake-committee-platform';

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

/**
 * What one full run yields on the store the conformance suite uses: a fresh, **empty** one.
 * The fake platform serves the demo World (`tiny`, seed `huiju`), whose communities, grids,
 * people, party members and households an empty store does not have, so every record that
 * passes mapping and validation is dead-lettered `UNRESOLVED_REFERENCE` (replayable once the
 * reference data is loaded); nothing is applied. The other reasons are the planted mess:
 *
 * - cases (42): `UNKNOWN_STATUS` 待核实; `MISSING_FIELD` a case without a status;
 *   `INVALID_ID_CHECKSUM` a reporter's ID number; `MOJIBAKE` the World's garbled case content
 *   and a garbled event note; the other 37 reference their community.
 * - activities (10): `MISSING_FIELD` an activity without a type; `MOJIBAKE` three activities a
 *   World person with a garbled name took part in; the other 6 reference their community.
 * - contact-assignments (10): `INVALID_ID_CHECKSUM` a member's ID number; the other 9 reference
 *   a party member.
 *
 * {@link expectedOnDemoStore} is the same run on a store loaded with that demo World first.
 */
const expected: ConformanceFixture['expected'] = {
  cases: { read: 42, applied: 0, deadLetters: { UNRESOLVED_REFERENCE: 37, UNKNOWN_STATUS: 1, MISSING_FIELD: 1, INVALID_ID_CHECKSUM: 1, MOJIBAKE: 2 } },
  activities: { read: 10, applied: 0, deadLetters: { UNRESOLVED_REFERENCE: 6, MISSING_FIELD: 1, MOJIBAKE: 3 } },
  'contact-assignments': { read: 10, applied: 0, deadLetters: { UNRESOLVED_REFERENCE: 9, INVALID_ID_CHECKSUM: 1 } },
};

/**
 * One full run on a store loaded with the demo World (`loadDemo(hub, { profile: 'tiny', seed:
 * 'huiju' })`): every reference resolves, only the planted mess is dead-lettered. Checked by
 * `test/connectors/committee-api/sync.test.ts`.
 */
export const expectedOnDemoStore: ConformanceFixture['expected'] = {
  cases: { read: 42, applied: 37, deadLetters: { UNKNOWN_STATUS: 1, MISSING_FIELD: 1, INVALID_ID_CHECKSUM: 1, MOJIBAKE: 2 } },
  activities: { read: 10, applied: 6, deadLetters: { MISSING_FIELD: 1, MOJIBAKE: 3 } },
  'contact-assignments': { read: 10, applied: 9, deadLetters: { INVALID_ID_CHECKSUM: 1 } },
};

/**
 * The committee-api fixtures: the fake committee platform (test/support/fake-committee-platform.ts)
 * with its default faults — 429 with `Retry-After`, 500 and 503, a token that expires every ten
 * requests, page-edge repeats, `updated_at` ties — read four records a page.
 */
export const conformance: ConformanceFixture = {
  async setup() {
    const platform = await startFakeCommitteePlatform({ profile: 'tiny', seed: 'huiju' });
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
  badConfigs,
  expected,
};
