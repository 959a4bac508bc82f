import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { conformance } from '../../../connectors/street-office/conformance';
import { streetOfficeConnector } from '../../../connectors/street-office/index';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import { createTestHub, type TestHub } from '../../support/test-hub';
import { FIXTURE_DIR } from './fixture-files';

/** What {@link useStreetOfficeFixture} hands a test (set in `beforeAll`). */
export interface StreetOfficeFixture {
  /** A fresh PGlite hub. */
  hub: TestHub;
  /** A copy of the connector's fixture folder the test may add files to. */
  folder: string;
  /** The source `dazhi` reading that folder with the conformance config. */
  source(): ResolvedSource;
}

/**
 * Registers, in the calling `describe`, a PGlite hub and a temporary copy of the street-office
 * fixtures as the source `dazhi`, and their clean-up after the suite.
 */
export function useStreetOfficeFixture(prefix: string): StreetOfficeFixture {
  let config: unknown;
  const fx = {
    source: (): ResolvedSource => ({ id: 'dazhi', connector: streetOfficeConnector, config, displayConfig: {}, scheduleMs: null, baseDir: fx.folder }),
  } as StreetOfficeFixture;
  beforeAll(async () => {
    fx.hub = await createTestHub('pglite');
    fx.folder = await mkdtemp(join(tmpdir(), prefix));
    await cp(FIXTURE_DIR, fx.folder, { recursive: true });
    const { config: good } = await conformance.setup();
    config = streetOfficeConnector.config.parse({ ...good, path: fx.folder });
  });
  afterAll(async () => {
    await fx.hub?.destroy();
    if (fx.folder) await rm(fx.folder, { recursive: true, force: true });
  });
  return fx;
}
