#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts. Benchmarks print their own tables with ratios
// against a baseline measured in the same run; nothing here asserts.
//
// The bench is first bundled with the hub's own build settings (scripts/hub-bundle.mjs) into a
// throw-away folder under .huiju/bench-build/ and run from there, so it measures the code `npm start`
// runs (dist/), not the sources through tsx, whose `keepNames` alone made the hub's GraphQL path
// about 1.7 times as costly in CPU. HUIJU_RUN=src runs the sources through tsx instead (as for
// bin/huiju.mjs), e.g. to profile against the TypeScript lines.
// `npm run bench -- <name> --help` prints what the benchmark measures and its options (the file's
// opening comment) without running it.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
const wantsHelp = (args) => args.includes('--help') || args.includes('-h');
if (!name || !available.includes(name)) {
  const usage = `usage: npm run bench -- <name> [options]   (<name> --help: what it measures, its options)\navailable: ${available.join(', ') || '(none)'}`;
  if (!name || wantsHelp([name])) {
    console.log(usage);
    process.exit(0);
  }
  console.error(`unknown benchmark: ${name}\n${usage}`);
  process.exit(2);
}
const file = join(benchDir, `${name}.bench.ts`);
if (wantsHelp(rest)) {
  // the opening /** … */ block of the benchmark, without its comment markers
  const head = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'));
  const text = head ? head[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim() : `bench/${name}.bench.ts`;
  console.log(text);
  process.exit(0);
}
process.argv = [process.argv[0], file, ...rest];
if (process.env.HUIJU_RUN === 'src') {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(root, 'tsconfig.json') });
  await import(pathToFileURL(file).href);
} else {
  const { bundleHub } = await import('../scripts/hub-bundle.mjs');
  // one folder per process: a bench that starts itself again as a child (ingest-files) builds its own
  const out = join(root, '.huiju', 'bench-build', `${name}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  await bundleHub({ root, entryPoints: { [name]: file }, outdir: out });
  await import(pathToFileURL(join(out, `${name}.js`)).href);
}
