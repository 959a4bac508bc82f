import type { Command } from 'commander';
import { type HuijuConfig, loadConfig } from '../config';
import { isHuijuError } from '../errors';
import type { Hub, OpenHubOptions } from '../hub';
import { readRunningHub, type RunningHub, storeHeldByHub } from './running-hub';

/** What every command gets: lazy access to the config and the hub, and the output streams. */
export interface CliContext {
  /** Validated config (read once). Throws `CONFIG_INVALID` naming the bad field. */
  config(): HuijuConfig;
  /**
   * Opens the hub (store + migrations); the caller closes it. An embedded store held by a running
   * `huiju start` fails with `STORE_LOCKED` naming that hub's URL and pid (running-hub.ts).
   */
  openHub(options?: OpenHubOptions): Promise<Hub>;
  /** The running hub that holds the embedded store (its `hub.json`), or `null`: none, or the store is PostgreSQL. */
  runningHub(): RunningHub | null;
  /** Machine output (results, JSON). */
  out: NodeJS.WritableStream;
  /** Human output (progress, messages). */
  err: NodeJS.WritableStream;
}

/** A subcommand module: registers itself on the program. */
export interface CliCommand {
  register(program: Command, ctx: CliContext): void;
}

export function createCliContext(streams: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}): CliContext {
  let config: HuijuConfig | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig()),
    openHub: async (options) => {
      const [{ openHub }, { resolveSources }, { CONNECTORS }] = await Promise.all([import('../hub'), import('../ingest/sync/resolve-source'), import('../../connectors/index')]);
      // sources are resolved (and their configs validated) whenever a hub opens: a bad one fails every command
      try {
        return await openHub(ctx.config(), { sources: resolveSources(ctx.config(), CONNECTORS), ...options });
      } catch (err) {
        const holder = isHuijuError(err, 'STORE_LOCKED') ? ctx.runningHub() : null;
        throw holder ? storeHeldByHub(ctx.config().dataDir, holder, err) : err;
      }
    },
    runningHub: () => (ctx.config().database.url ? null : readRunningHub(ctx.config().dataDir)),
    out: streams.out ?? process.stdout,
    err: streams.err ?? process.stderr,
  };
  return ctx;
}
