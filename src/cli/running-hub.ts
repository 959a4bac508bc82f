/**
 * The running hub's card in its embedded store's folder (`<dataDir>/hub.json`), so the CLI can
 * reach a hub that holds the store it wants (PGlite is one process's: a second `huiju` finds it
 * locked, `STORE_LOCKED`). `huiju start` on the embedded store writes
 * `{"url", "pid", "startedAt", "credential"}` when it listens and removes it when it stops;
 * `huiju query` then sends its operation over HTTP to that URL, and every other command that finds
 * the store locked says which hub holds it (url, pid) and how to go on.
 *
 * The credential. `huiju query` in process runs as {@link CLI_CALLER} (ADMIN, subject `cli`): the
 * one who can open the store may read all of it. Through the API it keeps that role — whatever
 * authentication the hub enforces (development, open, tokens, API keys only) — with a secret the
 * hub draws at start (32 random bytes, `hjcli_…`), valid until it stops and accepted only
 * from a loopback address. Who can read the card can read the store's files and its `pii.key`
 * beside it anyway, so the card gives no one more than they have: it is written 0600 in the 0700
 * folder (src/db/embedded-data-dir.ts), by rename so it is never seen half written, and compared
 * in constant time. A PostgreSQL hub (DATABASE_URL) writes no card: the CLI opens the database itself.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { isLoopbackHost } from '../auth/auth-mode';
import type { Authenticate } from '../auth/authenticate';
import { CLI_CALLER } from '../auth/caller';
import { DATA_FILE_MODE } from '../db/embedded-data-dir';
import { HuijuError } from '../errors';
import type { QueryResult } from '../graphql/run-query';
import { isProcessAlive } from '../process-alive';

/** File name of the card in the store's folder. */
export const RUNNING_HUB_FILE = 'hub.json';
/** Prefix of the local CLI credential. */
export const CLI_CREDENTIAL_PREFIX = 'hjcli_';

/** What the card says. */
export interface RunningHub {
  /** Base URL the CLI reaches the hub at (loopback when the hub listens on every interface). */
  url: string;
  pid: number;
  startedAt: string;
  /** The local CLI credential: `Authorization: Bearer <credential>`. */
  credential: string;
}

/** A fresh local CLI credential. */
export function newCliCredential(): string {
  return `${CLI_CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The URL a local client reaches a server at: a wildcard listen address (0.0.0.0, ::) becomes loopback. */
export function localUrl(serverUrl: string): string {
  const u = new URL(serverUrl);
  if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1';
  if (u.hostname === '[::]') u.hostname = '[::1]';
  return u.origin;
}

/** Writes the card (0600, atomically); returns its removal, which leaves a card of another process alone. */
export function writeRunningHub(dataDir: string, card: RunningHub): () => void {
  const file = join(dataDir, RUNNING_HUB_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(card)}\n`, { mode: DATA_FILE_MODE });
  renameSync(tmp, file);
  return () => {
    try {
      if (readRunningHubFile(file)?.pid === card.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/**
 * The card of the hub that holds the store in `dataDir`, or `null`: no card, an unreadable one, or
 * one whose process is gone or does not hold the store's lock (`huiju.lock`, src/db/open-store.ts).
 */
export function readRunningHub(dataDir: string): RunningHub | null {
  const card = readRunningHubFile(join(dataDir, RUNNING_HUB_FILE));
  if (!card || !isProcessAlive(card.pid)) return null;
  try {
    return readFileSync(join(dataDir, 'huiju.lock'), 'utf8').trim() === String(card.pid) ? card : null;
  } catch {
    return null;
  }
}

function readRunningHubFile(file: string): RunningHub | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningHub>;
    return typeof v.url === 'string' && Number.isInteger(v.pid) && typeof v.credential === 'string' ? (v as RunningHub) : null;
  } catch {
    return null;
  }
}


/**
 * `authenticate` that also accepts the local CLI credential from a loopback peer, as
 * {@link CLI_CALLER}; every other request goes to `authenticate` unchanged.
 */
export function withCliCredential(authenticate: Authenticate, credential: string): Authenticate {
  const expected = Buffer.from(`Bearer ${credential}`);
  return async (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization?.trim() ?? '');
    const fromLoopback = isLoopbackHost(req.socket?.remoteAddress ?? '');
    if (fromLoopback && given.length === expected.length && timingSafeEqual(given, expected)) return CLI_CALLER;
    return authenticate(req);
  };
}

/**
 * Runs one GraphQL operation on the running hub over HTTP with the local CLI credential; returns
 * the response body as `runQuery` would. `HUB_UNREACHABLE` when the hub does not answer.
 */
export async function queryRunningHub(card: RunningHub, source: string, variables: Record<string, unknown>): Promise<QueryResult> {
  let res: Response;
  try {
    res = await fetch(`${card.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${card.credential}` },
      body: JSON.stringify({ query: source, variables }),
    });
  } catch (err) {
    throw new HuijuError('HUB_UNREACHABLE', `the embedded store is held by the hub at ${card.url} (pid ${card.pid}), which does not answer: ${(err as Error).message}`, { url: card.url, pid: card.pid }, { cause: err });
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as QueryResult;
  } catch {
    throw new HuijuError('HUB_UNREACHABLE', `the hub at ${card.url} answered HTTP ${res.status} without a GraphQL response`, { url: card.url, status: res.status });
  }
}

/**
 * The `STORE_LOCKED` error of a command that needs the store itself, saying which hub holds it
 * and how to go on.
 */
export function storeHeldByHub(dataDir: string, card: RunningHub, cause: unknown): HuijuError {
  return new HuijuError(
    'STORE_LOCKED',
    `The embedded store in ${dataDir} is in use by the running hub at ${card.url} (pid ${card.pid}). ` +
      `Ask it through its API — \`huiju query '<graphql>'\` is sent there (e.g. '{ deadLetters(first: 20) { nodes { source reason message } } }'), or open ${card.url}/ — ` +
      `or stop it first (Ctrl-C where it runs, or kill ${card.pid}) and run this again; to run several processes at once, use PostgreSQL (DATABASE_URL).`,
    { dataDir, pid: card.pid, url: card.url },
    { cause },
  );
}
