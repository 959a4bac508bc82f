#!/usr/bin/env node
// The `huiju` command. It runs the compiled hub, dist/cli.js (`npm run build`; `npm install` and
// `npm ci` build it through `prepare`), so no TypeScript tooling is loaded at run time. In a source
// checkout whose dist/ is missing or older than a source it was built from (you edited src/ since
// the last build), it runs the sources through tsx instead (a dev dependency), so an edit is always
// what runs. Where there are no sources (the Docker image), dist/ is used as it is.
// HUIJU_RUN=dist or HUIJU_RUN=src forces one or the other (benchmarks, debugging).
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-status.mjs';

const forced = process.env.HUIJU_RUN;
let main;
if (forced === 'dist' || (forced !== 'src' && distIsCurrent())) {
  // stack traces (printed at LOG_LEVEL debug/trace) name the TypeScript sources (dist/*.js.map)
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) process.setSourceMapsEnabled(true);
  ({ main } = await import('../dist/cli.js'));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('error BUILD_MISSING: dist/ is missing or out of date and tsx is not installed: run `npm run build`\n');
    process.exit(1);
  }
  // the project's tsconfig (decorators), whatever folder the command runs from
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv);
