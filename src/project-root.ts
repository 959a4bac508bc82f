import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The hub's own folder (where its `package.json` is), found from a module's URL by walking up: the
 * same answer from the sources (`src/server/playground/…`) and from the build (`dist/…`, where
 * every module is one bundle chunk), so files the hub reads at run time (`schema/`,
 * `node_modules/<pkg>/package.json`) resolve in both.
 */
export function projectRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}
