import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHub, PLAYGROUND_CLIENT_FILES } from '../../scripts/hub-bundle.mjs';
import * as queries from '../../bench/support/hub-queries';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, '.huiju', 'bench-build', `test-${process.pid}`);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('scripts/hub-bundle.mjs (the settings `npm run build` and `npm run bench` share)', () => {
  it('bundles a module of the project into something Node runs, with the same exports', async () => {
    mkdirSync(OUT, { recursive: true });
    const meta = await bundleHub({ root: ROOT, entryPoints: { queries: join(ROOT, 'bench', 'support', 'hub-queries.ts') }, outdir: OUT });
    expect(Object.keys(meta.inputs)).toContain('bench/support/hub-queries.ts');
    const bundled = (await import(pathToFileURL(join(OUT, 'queries.js')).href)) as typeof queries;
    expect(bundled.THREE_LEVELS).toBe(queries.THREE_LEVELS);
    expect(bundled.dashboardOperation(true)).toBe(queries.dashboardOperation(true));
    // the playground client is copied beside the chunks, where playground-assets.ts reads it
    for (const f of PLAYGROUND_CLIENT_FILES) expect(existsSync(join(OUT, f))).toBe(true);
  });

  it('does not keep names: no `__name(…)` wrapper around the functions and classes it emits', async () => {
    // the wrapper is what made the hub's GraphQL path about 1.7 times as costly through tsx (issue #16);
    // connection.ts makes classes and closures per connection type
    mkdirSync(OUT, { recursive: true });
    await bundleHub({ root: ROOT, entryPoints: { connection: join(ROOT, 'src', 'graphql', 'common', 'connection.ts') }, outdir: OUT });
    const code = readFileSync(join(OUT, 'connection.js'), 'utf8');
    expect(code).toContain('function connectionType(');
    expect(code).not.toContain('__name(');
  });
});
