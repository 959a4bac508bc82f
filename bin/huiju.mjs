#!/usr/bin/env node
// The `huiju` command. Sources run through tsx, so there is no build step between a clone and a run.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// the project's tsconfig (decorators), whatever folder the command runs from
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv);
