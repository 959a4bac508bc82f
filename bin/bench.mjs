#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts through tsx (no build step). Benchmarks print
// their own tables with ratios against a baseline measured in the same run; nothing here asserts.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [options]\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
register({ tsconfig: join(dirname(fileURLToPath(import.meta.url)), '..', 'tsconfig.json') });
process.argv = [process.argv[0], join(benchDir, `${name}.bench.ts`), ...rest];
await import(pathToFileURL(join(benchDir, `${name}.bench.ts`)).href);
