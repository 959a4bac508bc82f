import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Hub } from '../../hub';
import type { Caller } from '../../auth/caller';
import { DEVELOPMENT_CALLER } from '../../auth/caller';
import { createHubContext, type HubContext } from '../context';
import { createHubApolloServer } from './apollo-server';

/** Largest request body accepted on /graphql. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createGraphqlHandler}. */
export interface GraphqlHandlerOptions {
  /**
   * Who is asking, from the request. Default: everyone is {@link DEVELOPMENT_CALLER} (there are
   * no tokens yet); the auth layer will plug in here.
   */
  resolveCaller?: (req: IncomingMessage) => Caller | Promise<Caller>;
}

/** A node:http handler that serves GraphQL through Apollo Server's `executeHTTPGraphQLRequest`. */
export interface GraphqlHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The Apollo server, started on first use. */
  server(): Promise<ApolloServer<HubContext>>;
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Builds the /graphql handler: the request becomes an {@link HTTPGraphQLRequest} (headers in a
 * {@link HeaderMap}, JSON bodies parsed), a fresh {@link HubContext} (caller + DataLoaders) is
 * built per request, and Apollo's response (status, headers, body or chunks) is written back.
 */
export function createGraphqlHandler(hub: Hub, options: GraphqlHandlerOptions = {}): GraphqlHandler {
  let started: Promise<ApolloServer<HubContext>> | null = null;
  const server = () => {
    started ??= (async () => {
      const apollo = createHubApolloServer(hub);
      await apollo.start();
      return apollo;
    })();
    return started;
  };
  return {
    server,
    async stop() {
      if (started) await (await started).stop();
    },
    async handle(req, res) {
      const apollo = await server();
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      if (req.method === 'POST') {
        let text: string;
        try {
          text = await readBody(req);
        } catch (err) {
          if (err instanceof BodyTooLargeError) return sendError(res, 413, 'BAD_REQUEST', `Request body larger than ${MAX_BODY_BYTES} bytes`);
          throw err;
        }
        if ((headers.get('content-type') ?? '').includes('application/json')) {
          try {
            body = text === '' ? {} : JSON.parse(text);
          } catch {
            return sendError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
          }
        } else {
          body = text;
        }
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
      const caller = options.resolveCaller ? await options.resolveCaller(req) : DEVELOPMENT_CALLER;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => createHubContext(hub, caller),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    },
  };
}
