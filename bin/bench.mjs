#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts through tsx (no build step). Benchmarks print
// their own tables with ratios against a baseline measured in the same run; nothing here asserts.
// `npm run bench -- <name> --help` prints what the benchmark measures and its options (the file's
// opening comment) without running it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
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
register({ tsconfig: join(dirname(fileURLToPath(import.meta.url)), '..', 'tsconfig.json') });
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(file).href);
