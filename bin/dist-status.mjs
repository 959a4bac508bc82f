// Whether dist/ (the compiled hub, `npm run build`) can run: used by bin/huiju.mjs to choose between
// dist/ and the sources, and by scripts/build.mjs --if-stale. Plain JavaScript with no
// dependencies, so it is loaded before anything else.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const path = (p) => fileURLToPath(new URL(p, root));

/**
 * `true` when dist/ holds a build of the current sources: its dist/build-info.json lists the
 * project files the bundle was made of, and none is newer than that file (or gone). Without
 * `src/` (an image or package that ships only dist/) a present build is current.
 */
export function distIsCurrent() {
  let info;
  let builtAt;
  try {
    info = JSON.parse(readFileSync(path('dist/build-info.json'), 'utf8'));
    builtAt = statSync(path('dist/build-info.json')).mtimeMs;
  } catch {
    return false;
  }
  if (!existsSync(path('src'))) return true;
  for (const input of info.inputs) {
    try {
      if (statSync(path(input)).mtimeMs > builtAt) return false;
    } catch {
      return false;
    }
  }
  return true;
}
