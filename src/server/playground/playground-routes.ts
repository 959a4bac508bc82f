import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthMode } from '../../auth/auth-mode';
import type { HttpRoute } from '../http-server';
import { playgroundAssets } from './playground-assets';
import { playgroundHtml } from './playground-page';

/** Same-origin only: the page, its bundle and /graphql; inline styles for GraphiQL, data: fonts and images. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** True when a GET asks for a page (a browser), not for a GraphQL result. */
export function wantsPlayground(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
  return req.method === 'GET' && accept.includes('text/html') && !search.has('query');
}

/** What the page says about the server it runs against. */
export interface PlaygroundPageOptions {
  /** How the hub authenticates: the page shows a banner in `development`/`open` and a token field otherwise. Default `development`. */
  authMode?: AuthMode;
}

/** Serves the playground page. */
export async function servePlayground(_req: IncomingMessage, res: ServerResponse, options: PlaygroundPageOptions = {}): Promise<void> {
  const assets = await playgroundAssets();
  const body = playgroundHtml({ endpoint: '/graphql', version: assets.version, authMode: options.authMode ?? 'development' });
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

function asset(path: string, type: string, pick: (a: Awaited<ReturnType<typeof playgroundAssets>>) => Buffer): HttpRoute {
  return {
    method: 'GET',
    path,
    async handle(_req, res) {
      const body = pick(await playgroundAssets());
      res.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    },
  };
}

/** The playground page at `/` and its bundle (the browser GET of /graphql is routed in routes.ts). */
export function playgroundRoutes(options: PlaygroundPageOptions = {}): HttpRoute[] {
  return [
    { method: 'GET', path: '/', handle: (req, res) => servePlayground(req, res, options) },
    { method: 'GET', path: '/favicon.ico', handle: (_req, res) => void res.writeHead(204, { 'cache-control': 'public, max-age=86400' }).end() },
    asset('/playground/playground.js', 'text/javascript; charset=utf-8', (a) => a.js),
    asset('/playground/playground.css', 'text/css; charset=utf-8', (a) => a.css),
  ];
}
