// How the hub's TypeScript is compiled to what runs: one place for `npm run build` (scripts/build.mjs,
// dist/) and `npm run bench` (bin/bench.mjs and the graphql-peers bench's hub child), so a benchmark
// measures the code `npm start` runs — an esbuild bundle — and not the sources through tsx.
//
// That matters for speed: tsx compiles with esbuild's `keepNames`, which wraps every function and
// class it creates in a `__name(…)` call that redefines the function's `name`. A closure made per
// row or per field then carries its own hidden class and the call sites that meet it go megamorphic.
// The hub's compiled 3-level query took about 7 ms of server CPU per request through tsx and about
// 4 ms from the bundle, on the same machine and database (issue #16). So: no `keepNames`, no
// minification, source maps beside the bundle.
//
// Decorators: type-graphql's are legacy (TypeScript `experimentalDecorators`) and every one has an
// explicit type thunk, so no `emitDecoratorMetadata` is needed; esbuild reads both settings (and
// `useDefineForClassFields: false`) from tsconfig.json, named explicitly below.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The playground's browser client and the modules it imports: read at run time beside
 * src/server/playground/playground-assets.ts (its PLAYGROUND_CLIENT_MODULES), so a bundle gets copies
 * beside its chunks.
 */
export const PLAYGROUND_CLIENT_FILES = ['playground.client.js', 'result-table.ts', 'saved-operations.ts'];

/**
 * Bundles `entryPoints` (`{ outName: absolute path }`) of the project at `root` into `outdir`, as
 * the hub's build does: ESM for Node, packages in node_modules left external (resolved at run time,
 * as with tsx), split at lazy imports, source maps, the project's tsconfig. Copies the playground
 * client beside the chunks. Returns esbuild's metafile (what the bundle was made of).
 */
export async function bundleHub({ root, entryPoints, outdir }) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints,
    absWorkingDir: root,
    tsconfig: join(root, 'tsconfig.json'),
    bundle: true,
    splitting: true, // lazy `await import(...)` stay lazy: `huiju --help` loads no GraphQL schema
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    // chunks beside the entry points: modules that find files beside themselves (the playground
    // client) or by walking up to package.json (src/project-root.ts) see one folder, as in src/
    chunkNames: '[name]-[hash]',
    outdir,
    metafile: true,
    logLevel: 'warning',
  });
  for (const f of PLAYGROUND_CLIENT_FILES) copyFileSync(join(root, 'src', 'server', 'playground', f), join(outdir, f));
  return result.metafile;
}
