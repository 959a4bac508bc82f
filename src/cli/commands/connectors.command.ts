import type { Command } from 'commander';
import { z } from 'zod';
import { HuijuError } from '../../errors';
import type { ResolvedSource } from '../../ingest/sync/resolve-source';
import { rawTopic } from '../../kafka/raw-topic';
import type { CliContext } from '../cli-context';
import { createProgress, createStreamStarts } from '../progress';

async function installed() {
  return (await import('../../../connectors/index')).CONNECTORS;
}

async function sources(ctx: CliContext): Promise<ResolvedSource[]> {
  const { resolveSources } = await import('../../ingest/sync/resolve-source');
  return resolveSources(ctx.config(), await installed());
}

async function findSource(ctx: CliContext, id: string): Promise<ResolvedSource> {
  const all = await sources(ctx);
  const s = all.find((x) => x.id === id);
  if (!s) throw new HuijuError('NOT_FOUND', `no source "${id}" in the config (sources: ${all.map((x) => x.id).join(', ') || 'none'})`);
  return s;
}

function connectorContext(ctx: CliContext, source: ResolvedSource, signal: AbortSignal) {
  const say = (fields: Record<string, unknown>, message: string) => ctx.err.write(`${message} ${Object.keys(fields).length ? JSON.stringify(fields) : ''}\n`);
  return { config: source.config, sourceId: source.id, signal, baseDir: source.baseDir, allowPathsOutside: source.allowPathsOutside ?? false, logger: { debug: () => {}, info: say, warn: say } };
}

/** `huiju connectors list|check|discover|sync`. */
export function register(program: Command, ctx: CliContext): void {
  const connectors = program.command('connectors').description('Installed connectors and configured sources: list, check, discover, sync');

  connectors
    .command('list')
    .description('List installed connectors and the sources configured with them')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await installed();
      const configured = await sources(ctx);
      // each source's latest sync, when the store can be read (not while an embedded store is held by a running hub)
      let runs = new Map<string, import('../../ingest/sync/last-runs').LastRun>();
      let runsNote: string | null = null;
      if (configured.length > 0) {
        try {
          const hub = await ctx.openHub({ migrate: 'require' });
          try {
            runs = await (await import('../../ingest/sync/last-runs')).lastRuns(hub.db, configured.map((s) => s.id));
          } finally {
            await hub.close();
          }
        } catch (err) {
          runsNote = `last runs not shown: ${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}`;
        }
      }
      if (opts.json) {
        ctx.out.write(
          `${JSON.stringify({
            connectors: list.map((c) => ({ id: c.id, version: c.version, displayName: c.displayName, streams: c.streams.map((s) => s.name) })),
            sources: configured.map((s) => ({ id: s.id, connector: s.connector.id, config: s.displayConfig, scheduleMs: s.scheduleMs, lastRun: runs.get(s.id) ?? null })),
            ...(runsNote ? { note: runsNote } : {}),
          })}\n`,
        );
        return;
      }
      ctx.out.write('Connectors:\n');
      for (const c of list) ctx.out.write(`  ${c.id.padEnd(22)} ${c.version.padEnd(8)} ${c.displayName} — streams: ${c.streams.map((s) => s.name).join(', ')}\n`);
      if (list.length === 0) ctx.out.write('  (none installed)\n');
      ctx.out.write('Sources (huiju.config):\n');
      for (const s of configured) {
        const run = runs.get(s.id);
        const last = !run
          ? 'never synced'
          : `last ${run.status} ${(run.finishedAt ?? run.startedAt).toISOString()} (${run.streams} stream(s): read ${run.read}, applied ${run.applied}, dead letters ${run.deadLetters}${run.errors.length ? `; ${run.errors.join(', ')}` : ''})`;
        ctx.out.write(`  ${s.id.padEnd(22)} ${s.connector.id.padEnd(22)} ${(s.scheduleMs ? `every ${s.scheduleMs / 1000}s` : 'on demand').padEnd(14)} ${runsNote ? '' : last}\n`);
      }
      if (configured.length === 0) ctx.out.write('  (none configured: add "sources" to huiju.config.yaml — see connectors/README.md)\n');
      if (runsNote) ctx.err.write(`${runsNote}\n`);
    });

  connectors
    .command('check <sourceId>')
    .description("Check that a source can be reached with its config (the connector's check())")
    .option('--json', 'print JSON')
    .action(async (sourceId: string, opts: { json?: boolean }) => {
      const source = await findSource(ctx, sourceId);
      const result = await source.connector.check(connectorContext(ctx, source, new AbortController().signal));
      if (opts.json) ctx.out.write(`${JSON.stringify({ source: source.id, ...result })}\n`);
      else ctx.out.write(result.ok ? `ok: ${source.id}${result.message ? ` — ${result.message}` : ''}\n` : `FAILED (${result.kind}): ${source.id} — ${result.message}\n`);
      if (!result.ok) throw new HuijuError('CHECK_FAILED', `source ${source.id} failed its check`);
    });

  connectors
    .command('discover <sourceId>')
    .description("Describe a source's streams and its connector's config (JSON Schema)")
    .action(async (sourceId: string) => {
      const source = await findSource(ctx, sourceId);
      const out = {
        source: source.id,
        connector: { id: source.connector.id, version: source.connector.version, description: source.connector.description },
        config: z.toJSONSchema(source.connector.config, { io: 'input', unrepresentable: 'any' }),
        streams: source.connector.streams.map((s) => ({ name: s.name, description: s.description, primaryKey: s.primaryKey, cursorField: s.cursorField ?? null, mode: s.cursorField ? 'incremental' : 'full' })),
      };
      ctx.out.write(`${JSON.stringify(out, null, 2)}\n`);
    });

  connectors
    .command('reset <sourceId>')
    .description("Forget a source's stored cursors (all streams, or --stream), so its next sync reads everything again; applied rows stay")
    .option('--stream <name...>', 'only these streams')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, opts: { stream?: string[]; json?: boolean }) => {
      const source = await findSource(ctx, sourceId);
      const known = source.connector.streams.map((s) => s.name);
      const unknown = (opts.stream ?? []).filter((s) => !known.includes(s));
      if (unknown.length > 0) throw new HuijuError('NOT_FOUND', `source ${source.id} has no stream ${unknown.join(', ')} (streams: ${known.join(', ')})`);
      const hub = await ctx.openHub();
      try {
        let q = hub.db.deleteFrom('connector_cursor').where('source_id', '=', source.id);
        if (opts.stream?.length) q = q.where('stream', 'in', opts.stream);
        const forgotten = (await q.returning('stream').execute()).map((r) => r.stream).sort();
        if (opts.json) ctx.out.write(`${JSON.stringify({ source: source.id, forgotten })}\n`);
        else ctx.out.write(forgotten.length ? `${source.id}: forgot the cursor of ${forgotten.join(', ')}; the next sync reads them from the start\n` : `${source.id}: no stored cursor${opts.stream?.length ? ` for ${opts.stream.join(', ')}` : ''}\n`);
      } finally {
        await hub.close();
      }
    });

  connectors
    .command('sync [sourceId...]')
    .description('Read sources now and apply what they hold (each resumes from its stored cursor); several at a time')
    .option('--all', 'every source in the config')
    .option('--concurrency <n>', 'sources synced at the same time (each source\'s streams stay in order)', '2')
    .option('--stream <name...>', 'only these streams')
    .option('--full', 'forget the stored cursors and read everything again (changes nothing already applied)')
    .option('--batch-size <n>', 'records per transaction (per producer send with --publish)', '1000')
    .option('--publish', 'publish the records to Kafka topic huiju.raw.<source> for `huiju ingest` workers (the default when KAFKA_BROKERS is set)')
    .option('--local', 'apply the records in this process even when KAFKA_BROKERS is set')
    .option('--json', 'print the result as JSON (one line per source) instead of progress lines')
    .action(async (sourceIds: string[], opts: { all?: boolean; concurrency: string; stream?: string[]; full?: boolean; batchSize: string; publish?: boolean; local?: boolean; json?: boolean }) => {
      if (opts.all && sourceIds.length > 0) throw Object.assign(new Error('give source ids or --all, not both'), { code: 'BAD_USER_INPUT' });
      if (!opts.all && sourceIds.length === 0) throw Object.assign(new Error('name the sources to sync (see `huiju connectors list`) or pass --all'), { code: 'BAD_USER_INPUT' });
      const selected = opts.all ? await sources(ctx) : await Promise.all(sourceIds.map((id) => findSource(ctx, id)));
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw Object.assign(new Error('--batch-size must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw Object.assign(new Error('--concurrency must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const [{ syncSources }, { clearCursor }] = await Promise.all([import('../../ingest/sync/run-sync'), import('../../ingest/sync/cursor.repository')]);
      if (opts.publish && opts.local) throw Object.assign(new Error('--publish and --local exclude each other'), { code: 'BAD_USER_INPUT' });
      const publish = opts.publish || (!opts.local && Boolean(ctx.config().kafka.brokers?.length));
      const hub = await ctx.openHub();
      const publisher = publish ? await (await import('../../kafka/publish-raw')).openRawPublisher(hub).catch(async (err) => {
        await hub.close();
        throw err;
      }) : undefined;
      const controller = new AbortController();
      const cancel = () => {
        ctx.err.write('\ncancelling: finishing the current batches …\n');
        controller.abort();
      };
      process.once('SIGINT', cancel);
      try {
        if (opts.full) {
          for (const source of selected) for (const s of opts.stream ?? source.connector.streams.map((x) => x.name)) await clearCursor(hub.db, source.id, s);
        }
        const progress = createProgress(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, { quiet: opts.json });
        const streamStarts = createStreamStarts();
        const results = await syncSources(hub, selected, {
          concurrency,
          streams: opts.stream,
          batchSize,
          signal: controller.signal,
          runStream: publisher?.runStream,
          onProgress: (r, source) =>
            progress.update(
              publisher ? { read: r.read, published: r.published ?? 0, 'dead letters': r.deadLetters } : { read: r.read, applied: r.applied, unchanged: r.unchanged, 'dead letters': r.deadLetters, parked: r.parked, unparked: r.unparked },
              `${source.id}/${r.stream}`,
              { startedAt: streamStarts.startOf(source.id, r.stream) },
            ),
        });
        const failed: string[] = [];
        for (const [sourceId, reports] of results) {
          for (const r of reports) {
            // the stream's own duration: its rate is its own, whatever ran before or beside it
            const timing = { startedAt: Date.now() - r.seconds * 1000 };
            // published: dead letters are the unparseable records (written by the workers) and those too large for the topic (written here)
            if (publisher) progress.done({ read: r.read, published: r.published ?? 0, 'dead letters': r.deadLetters }, `${sourceId}/${r.stream} → ${rawTopic(sourceId, hub.config.kafka.topicPrefix)} ${r.status}`, timing);
            else progress.done({ read: r.read, applied: r.applied, unchanged: r.unchanged, stale: r.stale, 'dead letters': r.deadLetters, parked: r.parked, unparked: r.unparked }, `${sourceId}/${r.stream} ${r.status}`, timing);
            if (!publisher && !opts.json && (r.waiting ?? 0) > 0) {
              ctx.err.write(`  ${r.waiting} record(s) wait for rows they refer to (applied when those land, dead letters after ingest.parkedFor ${hub.config.ingest.parkedFor}; \`huiju parked list\`)\n`);
            }
            if (!opts.json && Object.keys(r.reasons).length) ctx.err.write(`  dead letters by reason: ${Object.entries(r.reasons).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
            if (!opts.json && r.error) ctx.err.write(`  error ${r.error.code} (${r.error.kind}): ${r.error.message}\n`);
            if (r.status === 'FAILED') failed.push(`${sourceId}/${r.stream}`);
          }
          if (opts.json) ctx.out.write(`${JSON.stringify({ source: sourceId, streams: reports })}\n`);
        }
        if (failed.length > 0) throw new HuijuError('SYNC_FAILED', `${failed.join(', ')} failed`);
      } finally {
        process.off('SIGINT', cancel);
        await publisher?.close();
        await hub.close();
      }
    });
}
