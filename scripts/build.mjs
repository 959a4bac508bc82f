#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` / `npm ci` build too): compiles the hub's
// TypeScript (src/, connectors/, migrations/) into dist/ with esbuild — one ESM bundle from
// src/cli.ts, split at the CLI's lazy imports, packages in node_modules left external, source maps.
// bin/huiju.mjs runs dist/cli.js when it is there and up to date (see dist/build-info.json).
//
// The esbuild settings are shared with the benchmarks: scripts/hub-bundle.mjs.
//
// The build is written to a temporary folder and renamed into place, so a `huiju` starting while
// it runs sees the old dist/ or the new one, never half of one.
//
// `--if-stale`: build only when dist/ is missing or older than a source (bin/dist-status.mjs).
// `--soft` (used by `prepare`): a failed build is reported but does not fail `npm install`; the
// command then runs the sources through tsx (a source checkout has it), as before the build existed.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../bin/dist-status.mjs';
import { bundleHub, PLAYGROUND_CLIENT_FILES } from './hub-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const soft = process.argv.includes('--soft');

/** Builds into `out`; returns the project files the bundle was made of (for the staleness check). */
async function buildInto(out) {
  const metafile = await bundleHub({ root: ROOT, entryPoints: { cli: join(ROOT, 'src', 'cli.ts') }, outdir: out });
  return [...Object.keys(metafile.inputs).filter((f) => !f.startsWith('node_modules/')), ...PLAYGROUND_CLIENT_FILES.map((f) => `src/server/playground/${f}`)];
}

if (process.argv.includes('--if-stale') && distIsCurrent()) process.exit(0);
const t0 = performance.now();
const tmp = join(ROOT, `dist.tmp-${process.pid}`);
try {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const inputs = await buildInto(tmp);
  // written last: its mtime is the build's time, which bin/huiju.mjs compares with the inputs'
  writeFileSync(join(tmp, 'build-info.json'), `${JSON.stringify({ inputs: [...inputs, 'tsconfig.json'].sort() }, null, 1)}\n`);
  const old = join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
  console.error(`huiju: built ${relative(process.cwd(), DIST) || 'dist'}/ (${inputs.length} modules) in ${Math.round(performance.now() - t0)} ms`);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`huiju: build failed: ${err?.message ?? err}`);
  if (soft) console.error('huiju: `huiju` will run the TypeScript sources through tsx instead (run `npm run build` after fixing)');
  process.exitCode = soft ? 0 : 1;
}
