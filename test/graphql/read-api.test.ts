import { afterAll, beforeAll, describe } from 'vitest';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, openDemoHub } from './support/harness';
import { caseOverdueSuite } from './suites/case-overdue.suite';
import { entitiesSuite } from './suites/entities.suite';
import { errorsLimitsSuite } from './suites/errors-limits.suite';
import { examplesPiSuite } from './suites/examples-pi.suite';
import { httpSuite } from './suites/http.suite';
import { listsFiltersSuite } from './suites/lists-filters.suite';
import { scopeMaskingSuite } from './suites/scope-masking.suite';
import { statsSuite } from './suites/stats.suite';

/**
 * The read API through its public surface (executeOperation and HTTP) on the tiny demo world,
 * on every available store. The world is loaded once per store and shared by the suites (each
 * suite is one concept, in `suites/`); nothing in them writes to the store.
 */
describe.each(availableStoreKinds())('read API on the tiny demo world (%s)', (kind) => {
  let h: DemoHub | null = null;
  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  const world = () => ({ h: h!, kind });

  entitiesSuite(world);
  listsFiltersSuite(world);
  scopeMaskingSuite(world);
  errorsLimitsSuite(world);
  statsSuite(world);
  caseOverdueSuite(world);
  httpSuite(world);
  examplesPiSuite(world);
});
