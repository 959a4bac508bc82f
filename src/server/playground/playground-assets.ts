import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../project-root';

/** The playground's script and stylesheet, bundled from npm packages (GraphiQL, React). */
export interface PlaygroundAssets {
  js: Buffer;
  css: Buffer;
  /** Content hash; changes when the client, the examples or a bundled package changes. */
  version: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The browser client's source: beside this module, in `src/` or (copied by `npm run build`) in `dist/`. */
const CLIENT = join(HERE, 'playground.client.js');
/**
 * The modules the client imports (pure TypeScript, also unit-tested in Node; esbuild bundles them
 * as they are). `npm run build` copies them beside the client in `dist/` (scripts/hub-bundle.mjs).
 */
export const PLAYGROUND_CLIENT_MODULES = ['result-table.ts', 'saved-operations.ts'] as const;
const ROOT = projectRoot(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What the bundle depends on: the client source, these build options and the versions of what it bundles. */
function bundleKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(CLIENT));
  for (const module of PLAYGROUND_CLIENT_MODULES) hash.update(readFileSync(join(HERE, module)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const pkg of ['graphiql', '@graphiql/react', 'graphql-ws', 'react', 'react-dom', 'esbuild']) hash.update(`${pkg}@${packageVersion(pkg)}\n`);
  return hash.digest('hex').slice(0, 16);
}

function readCache(dir: string): PlaygroundAssets | null {
  try {
    return { js: readFileSync(join(dir, 'playground.js')), css: readFileSync(join(dir, 'playground.css')), version: dir.slice(-16) };
  } catch {
    return null;
  }
}

function writeCache(dir: string, assets: PlaygroundAssets): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, body] of [['playground.js', assets.js], ['playground.css', assets.css]] as const) {
      const tmp = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, body);
      renameSync(tmp, join(dir, name)); // atomic: a concurrent reader sees the old file or the new one
    }
  } catch {
    // a read-only checkout still serves the playground, it just bundles again on the next start
  }
}

/**
 * Bundles the playground with esbuild (installed from npm; no CDN, works offline): one IIFE
 * script and one stylesheet, minified. Cached on disk in `.huiju/playground/<key>/` so a
 * restart does not bundle again; the key covers the client source and package versions.
 */
export async function buildPlaygroundAssets(): Promise<PlaygroundAssets> {
  const key = bundleKey();
  const dir = join(ROOT, '.huiju', 'playground', key);
  const cached = readCache(dir);
  if (cached) return cached;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { playground: CLIENT },
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    write: false,
    outdir: join(dir, 'out'),
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new Error('playground bundle is missing its script or stylesheet');
  const assets: PlaygroundAssets = { js: Buffer.from(js.contents), css: Buffer.from(css.contents), version: key };
  writeCache(dir, assets);
  return assets;
}

let pending: Promise<PlaygroundAssets> | null = null;

/** The assets of this process: bundled (or read from the cache) once, on first use. */
export function playgroundAssets(): Promise<PlaygroundAssets> {
  pending ??= buildPlaygroundAssets().catch((err: unknown) => {
    pending = null; // let a later request try again
    throw err;
  });
  return pending;
}
