import type { Command } from 'commander';
import { type HuijuConfig, loadConfig } from '../config';
import { isHuijuError } from '../errors';
import type { Hub, OpenHubOptions } from '../hub';
import type { ConnectorDefinition } from '../sdk/connector';
import { readRunningHub, type RunningHub, storeHeldByHub } from './running-hub';

/** What every command gets: lazy access to the config and the hub, and the output streams. */
export interface CliContext {
  /**
   * Validated config (read once). Throws one `CONFIG_INVALID` naming every bad field: the hub's
   * and, once {@link CliContext.loadConnectors} ran (before every command's action), every
   * source's too. A source's `${ENV}` secrets are not needed here: only the commands that run a
   * source ask for them (`requireSourceEnv`).
   */
  config(): HuijuConfig;
  /** Loads the installed connectors, so `config()` checks the sources with the rest (`huiju` runs it before every action). */
  loadConnectors(): Promise<readonly ConnectorDefinition[]>;
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
  let connectors: { installed: readonly ConnectorDefinition[]; problems: typeof import('../ingest/sync/resolve-source').sourceProblems } | undefined;
  const ctx: CliContext = {
    config: () =>
      (config ??= loadConfig(connectors ? { sourceProblems: (c) => connectors!.problems(c, connectors!.installed) } : {})),
    loadConnectors: async () => {
      if (!connectors) {
        const [{ CONNECTORS }, { sourceProblems }] = await Promise.all([import('../../connectors/index'), import('../ingest/sync/resolve-source')]);
        connectors = { installed: CONNECTORS, problems: sourceProblems };
      }
      return connectors.installed;
    },
    openHub: async (options) => {
      const [{ openHub }, { resolveSources }, installed] = await Promise.all([import('../hub'), import('../ingest/sync/resolve-source'), ctx.loadConnectors()]);
      // sources are resolved (and their configs validated) whenever a hub opens: a bad one fails every
      // command, but an unset `${ENV}` secret only fails the commands that run that source
      try {
        return await openHub(ctx.config(), { sources: resolveSources(ctx.config(), installed), ...options });
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
