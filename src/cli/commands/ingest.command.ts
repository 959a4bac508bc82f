import type { Command } from 'commander';
import { HuijuError } from '../../errors';
import { rawTopic } from '../../kafka/raw-topic';
import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';

/**
 * `huiju ingest`: the Kafka worker of distributed mode. Joins the consumer group, applies the
 * `huiju.raw.<source>` topics of the configured sources (or `--source`) until SIGINT/SIGTERM, and
 * prints a progress line per source (records, dead letters, lag; records/s, elapsed, ETA from the
 * lag). Any number of workers may run.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('Kafka worker: apply raw records published to huiju.raw.<source> (runs until SIGINT/SIGTERM)')
    .option('--source <id...>', 'only these configured sources (default: all)')
    .option('--group <id>', 'consumer group (default: kafka.groupId, env KAFKA_GROUP_ID)')
    .option('--instance <id>', 'this worker\'s stable name in the group: restarted with the same id, it takes its partitions back within seconds (default: kafka.instanceId, env KAFKA_INSTANCE_ID, else the host name; two workers on one host need distinct ids)')
    .option('--batch-size <n>', 'most records per transaction', '2000')
    .option('--concurrency <n>', 'partitions applied at the same time, each chunk in its own transaction (the worker holds one fetched batch more, its first chunk read ahead)', '1')
    .option('--metrics-port <port>', 'also serve GET /metrics, /healthz and /readyz on this port (0 picks one)')
    .option('--json', 'print one JSON line per committed batch instead of progress lines')
    .action(async (opts: { source?: string[]; group?: string; instance?: string; batchSize: string; concurrency: string; metricsPort?: string; json?: boolean }) => {
      const batchSize = Number(opts.batchSize);
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw Object.assign(new Error('--batch-size must be a positive integer'), { code: 'BAD_USER_INPUT' });
      if (!Number.isInteger(concurrency) || concurrency < 1) throw Object.assign(new Error('--concurrency must be a positive integer'), { code: 'BAD_USER_INPUT' });
      if (opts.instance !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(opts.instance)) throw Object.assign(new Error('--instance must be 1–200 letters, digits or . _ : -'), { code: 'BAD_USER_INPUT' });
      const metricsPort = opts.metricsPort === undefined ? undefined : Number(opts.metricsPort);
      if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) throw Object.assign(new Error('--metrics-port must be a port number (0–65535)'), { code: 'BAD_USER_INPUT' });
      if (!ctx.config().kafka.brokers?.length) throw new HuijuError('CONFIG_INVALID', '`huiju ingest` needs Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
      const { createIngestWorker } = await import('../../kafka/ingest-worker');
      const hub = await ctx.openHub();
      try {
        const all = hub.sources ?? [];
        const sources = opts.source ? opts.source.map((id) => all.find((s) => s.id === id) ?? missing(id, all.map((s) => s.id))) : all;
        // the records are mapped with the config of the sources ingested: only theirs need their `${ENV}` secrets
        (await import('../../ingest/sync/resolve-source')).requireSourceEnv(sources);
        const progress = createProgress(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, { quiet: opts.json, rateKey: 'records' });
        // one progress line per source (its raw topic), with its own rate and an ETA from its lag
        const perSource = new Map<string, { records: number; applied: number; 'dead letters': number; parked: number; lag: number }>();
        const worker = createIngestWorker(hub, {
          sources,
          groupId: opts.group,
          instanceId: opts.instance,
          maxBatchRecords: batchSize,
          partitionsConsumedConcurrently: concurrency,
          onBatch: (e) => {
            if (opts.json) {
              ctx.out.write(`${JSON.stringify(e)}\n`);
              return;
            }
            const c = perSource.get(e.source) ?? { records: 0, applied: 0, 'dead letters': 0, parked: 0, lag: 0 };
            const lag = e.lag.filter((p) => p.topic === e.topic).reduce((s, p) => s + p.lag, 0);
            const next = { records: c.records + e.records, applied: c.applied + e.applied, 'dead letters': c['dead letters'] + e.deadLetters, parked: c.parked + e.parked, lag };
            perSource.set(e.source, next);
            progress.update(next, `ingest ${e.source}`, { remaining: lag });
          },
        });
        let stop!: () => void;
        const signalled = new Promise<void>((resolve) => (stop = resolve));
        const onSignal = () => {
          ctx.err.write('\nstopping: finishing the current batch …\n');
          stop();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        let metricsServer: { url: string; close(): Promise<void> } | undefined;
        try {
          if (metricsPort !== undefined) {
            const [{ startHttpServer }, { metricsRoute }] = await Promise.all([import('../../server/http-server'), import('../../server/metrics-route')]);
            metricsServer = await startHttpServer(hub, { port: metricsPort, host: hub.config.server.host, routes: [metricsRoute(hub)] });
            ctx.err.write(`metrics on ${metricsServer.url}/metrics\n`);
          }
          await worker.start();
          if (!opts.json) ctx.err.write(`ingesting ${sources.map((s) => rawTopic(s.id, hub.config.kafka.topicPrefix)).join(', ')} (group ${opts.group ?? hub.config.kafka.groupId}); Ctrl-C stops\n`);
          await Promise.race([signalled, worker.stopped]);
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await worker.stop();
          await metricsServer?.close();
        }
        for (const [sourceId, c] of perSource) progress.done(c, `ingest ${sourceId} stopped`);
        if (perSource.size === 0) progress.done({ records: 0 }, 'ingest stopped');
      } finally {
        await hub.close();
      }
    });
}

function missing(id: string, ids: string[]): never {
  throw new HuijuError('NOT_FOUND', `no source "${id}" in the config (sources: ${ids.join(', ') || 'none'})`);
}
