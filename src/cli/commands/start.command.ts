import type { Command } from 'commander';
import { changesTopic } from '../../kafka/topic-names';
import type { CliContext } from '../cli-context';

/**
 * `huiju start`: the API, the playground and (on an empty embedded store) the demo data, loaded
 * through the connectors. Without authentication configured it serves only in development mode
 * (loopback, embedded store: every caller is ADMIN, said plainly) and refuses otherwise
 * (`AUTH_REQUIRED`, src/auth/auth-mode.ts); with it, it says which methods are accepted.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('Run the hub: GraphQL API at /graphql, playground at /, health at /healthz and /readyz, metrics at /metrics; with KAFKA_BROKERS also the outbox relay')
    .option('--port <port>', 'HTTP port (default: PORT or 4000)')
    .option('--host <host>', 'interface to listen on (default: HOST or 127.0.0.1); anything but loopback needs authentication configured')
    .option('--no-demo', 'do not load demo data into an empty store')
    .action(async (opts: { port?: string; host?: string; demo: boolean }) => {
      const started = Date.now();
      // serving a network without authentication fails the start before anything opens
      const { assertServable, DEVELOPMENT_MODE_NOTICE, OPEN_MODE_WARNING } = await import('../../auth/auth-mode');
      const host = opts.host ?? ctx.config().server.host;
      const authMode = assertServable(ctx.config(), host);
      const port = opts.port !== undefined ? Number(opts.port) : ctx.config().server.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw Object.assign(new Error(`--port must be an integer 0..65535 (got "${opts.port}")`), { code: 'BAD_USER_INPUT' });
      }
      // a port another process holds fails the start at once, before the rest loads, the store opens and the demo loads
      const { assertPortFree, portInUse } = await import('../../server/port-check');
      await assertPortFree(port, host);
      // imported on use, so `huiju --help` does not load the server and the generator
      const [{ isStoreEmpty }, { runConnectorDemo, formatDemoLoaded }, { startHttpServer }, { hubRoutes }, { resolveSources, requireSourceEnv }, { startScheduler }, { CONNECTORS }] = await Promise.all([
        import('../../demo/load-demo'),
        import('../run-connector-demo'),
        import('../../server/http-server'),
        import('../../server/routes'),
        import('../../ingest/sync/resolve-source'),
        import('../../ingest/sync/scheduler'),
        import('../../../connectors/index'),
      ]);
      const sources = resolveSources(ctx.config(), CONNECTORS);
      // the scheduled sources run here: their `${ENV}` secrets must be set, or the start fails naming each;
      // an on-demand source without its secrets is only listed (`connectors sync` asks for them)
      requireSourceEnv(
        sources.filter((s) => s.scheduleMs),
        '`huiju start` syncs scheduled sources: set the variables, or remove the `schedule` to sync the source on demand only',
      );
      for (const s of sources.filter((x) => x.unsetEnv?.length)) ctx.err.write(`Source ${s.id} cannot be synced until its variables are set: ${s.unsetEnv!.join('; ')}\n`);
      // a scheduled source's missing folder or file is said now, by its key (it may appear later: not a refusal)
      const { sourcePathProblems } = await import('../../sdk/source-path');
      for (const s of sources.filter((x) => x.scheduleMs)) {
        for (const problem of sourcePathProblems({ sourceId: s.id, baseDir: s.baseDir, allowPathsOutside: s.allowPathsOutside }, s.connector.config, s.config as Record<string, unknown>)) ctx.err.write(`Warning: ${problem} (its scheduled syncs fail until it is there)\n`);
      }
      // live updates: change events written (subscriptions read them), pruned without Kafka (src/live/live-updates.ts)
      const hub = (await import('../../live/live-updates')).withLiveUpdates(await ctx.openHub({ sources }));
      const config = hub.config;
      const autoload = opts.demo && (config.demo.autoload ?? hub.store.kind === 'pglite');
      if (autoload && (await isStoreEmpty(hub))) {
        ctx.err.write(`Empty store: loading the "${config.demo.profile}" demo profile (synthetic data) through the connectors …\n`);
        try {
          const r = await runConnectorDemo(hub, ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, { profile: config.demo.profile, seed: config.demo.seed });
          ctx.err.write(`${formatDemoLoaded(r, config.ingest.parkedFor)}\n`);
        } catch (err) {
          await hub.close();
          throw err;
        }
      }
      // taken meanwhile (while the demo loaded): the same coded error, and the store closed so the process exits
      // embedded store: the CLI reaches this hub through its API with a local credential (src/cli/running-hub.ts)
      const runningHub = hub.store.kind === 'pglite' ? await import('../running-hub') : null;
      const cliCredential = runningHub?.newCliCredential();
      const resolveCaller = cliCredential ? runningHub!.withCliCredential((await import('../../auth/authenticate')).createAuthenticator(hub, { host }), cliCredential) : undefined;
      const server = await startHttpServer(hub, { port, host, routes: hubRoutes(hub, { host, resolveCaller }) }).catch(async (err: unknown) => {
        await hub.close();
        throw portInUse(err, port, host) ?? err;
      });
      // a dedicated metrics port: /metrics only there, without a token (protect it on the network)
      const metricsServer =
        config.server.metricsPort === undefined
          ? null
          : await startHttpServer(hub, { port: config.server.metricsPort, host, routes: [(await import('../../server/metrics-route')).metricsRoute(hub)] }).catch(async (err: unknown) => {
              await server.close();
              await hub.close();
              throw err;
            });
      if (authMode === 'development') {
        hub.logger.warn({ host }, DEVELOPMENT_MODE_NOTICE);
        ctx.err.write(`${DEVELOPMENT_MODE_NOTICE}\n`);
      } else if (authMode === 'open') {
        hub.logger.warn({ host }, OPEN_MODE_WARNING);
        ctx.err.write(`WARNING: ${OPEN_MODE_WARNING}\n`);
      } else {
        const { authMethods } = await import('../../auth/authenticate');
        const methods = authMethods(config, authMode);
        hub.logger.info({ methods }, 'authentication required');
        ctx.err.write(`Authentication required: ${methods.join('; ')}\n`);
      }
      if (metricsServer) ctx.err.write(`Metrics on ${metricsServer.url}/metrics (this port only, no token)\n`);
      else if (authMode === 'enforced' || authMode === 'refused') ctx.err.write(`Metrics at /metrics for callers with metrics.read${config.auth.metricsToken ? ' or the metrics token (HUIJU_METRICS_TOKEN)' : ''}\n`);
      // distributed mode: scheduled syncs publish to huiju.raw.<source> for the `huiju ingest` workers
      let publisher: Promise<import('../../kafka/publish-raw').RawPublisher> | undefined;
      const streamRunner = config.kafka.brokers
        ? async () => {
            publisher ??= import('../../kafka/publish-raw')
              .then((m) => m.openRawPublisher(hub))
              .catch((err: unknown) => {
                publisher = undefined;
                throw err;
              });
            return (await publisher).runStream;
          }
        : undefined;
      const scheduler = startScheduler(hub, sources, { streamRunner });
      // with Kafka configured, the outbox's change events go to the changes topic (retried in the background)
      const relay = config.kafka.brokers ? (await import('../../kafka/hub-outbox-relay')).createHubOutboxRelay(hub) : null;
      relay?.start();
      // 超期督办: one place supervises cases overdue by cases.escalation.afterWorkingDays (safe with several replicas)
      const escalation = (await import('../../flow/overdue-escalation')).startOverdueEscalation(hub);
      if (relay) ctx.err.write(`Publishing change events to Kafka topic ${changesTopic(config)}\n`);
      const scheduled = sources.filter((s) => s.scheduleMs).length;
      if (scheduled > 0) {
        const ids = sources.filter((s) => s.scheduleMs).map((s) => s.id).join(', ');
        ctx.err.write(streamRunner ? `Publishing ${scheduled} scheduled source(s) to Kafka for \`huiju ingest\`: ${ids}\n` : `Syncing ${scheduled} scheduled source(s): ${ids}\n`);
      }
      const removeCard = cliCredential ? runningHub!.writeRunningHub(config.dataDir, { url: runningHub!.localUrl(server.url), pid: process.pid, startedAt: new Date().toISOString(), credential: cliCredential }) : undefined;
      hub.logger.info({ url: server.url, store: hub.store.description, startupMs: Date.now() - started }, 'hub started');
      ctx.err.write(`Huiju is up on ${server.url}  (playground ${server.url}/, GraphQL ${server.url}/graphql, store: ${hub.store.description}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          hub.logger.info({ signal }, 'stopping');
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await scheduler.stop();
      await escalation.stop();
      await (await publisher?.catch(() => undefined))?.close();
      await relay?.stop();
      removeCard?.();
      await server.close();
      await metricsServer?.close();
      await hub.close();
    });
}
