import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, registryFixtureFiles } from './fixture-files';

describe('social-org-registry fixtures', () => {
  it.each(registryFixtureFiles().map((f) => [f.name, f] as const))('%s is what fixture-files.ts describes', async (name, f) => {
    expect(Buffer.from(await readFile(join(FIXTURE_DIR, name))).equals(Buffer.from(f.bytes))).toBe(true);
  });
});
