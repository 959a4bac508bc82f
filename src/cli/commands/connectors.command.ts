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
  // no `config` here: checkSource reads it only once the source's `${ENV}` secrets are known to be set
  return { sourceId: source.id, signal, baseDir: source.baseDir, allowPathsOutside: source.allowPathsOutside ?? false, logger: { debug: () => {}, info: say, warn: say } };
}

/** A source's check as `connectors check` and `connectors sync` run it: secrets, path settings, then the connector's check (src/ingest/sync/check-source.ts). */
async function runCheck(ctx: CliContext, source: ResolvedSource) {
  const { checkSource } = await import('../../ingest/sync/check-source');
  return checkSource(source, connectorContext(ctx, source, new AbortController().signal));
}

/** Runs each source's check ({@link runCheck}); fails with `CHECK_FAILED`, after printing each failure, when any fails. */
async function checkBeforeSync(ctx: CliContext, selected: readonly ResolvedSource[]): Promise<void> {
  const failed: string[] = [];
  for (const source of selected) {
    const result = await runCheck(ctx, source);
    if (result.ok) continue;
    ctx.err.write(`FAILED (${result.kind}): ${source.id} — ${result.message}\n`);
    failed.push(source.id);
  }
  if (failed.length > 0) throw new HuijuError('CHECK_FAILED', `${failed.join(', ')} failed the check: nothing was synced (fix it and run again; --no-check skips the check)`, { sources: failed });
}

/** `huiju connectors list|check|discover|sync`. */
export function register(program: Command, ctx: CliContext): void {
  const connectors = program.command('connectors').description('Installed connectors and configured sources: list, check, discover, sync');

  // manifest connectors (src/sdk/manifest): check a manifest file, print its JSON Schema
  connectors
    .command('validate <file>')
    .description('Check a connector manifest (YAML): every problem with its line and YAML path; exit 1 on any')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { loadManifestFile, formatManifestProblems } = await import('../../sdk/manifest/index');
      const result = loadManifestFile(file);
      if (opts.json) {
        ctx.out.write(`${JSON.stringify(result.ok ? { ok: true, id: result.connector.id, streams: result.connector.streams.map((s) => s.name) } : { ok: false, problems: result.problems })}\n`);
      } else if (result.ok) {
        ctx.out.write(`ok: ${file} — connector ${result.connector.id} ${result.connector.version}, streams: ${result.connector.streams.map((s) => s.name).join(', ')}\n`);
      } else {
        ctx.out.write(`${formatManifestProblems(file, result.problems)}\n`);
      }
      if (!result.ok) throw new HuijuError('CONNECTOR_INVALID', `${file}: ${result.problems.length} problem(s)`);
    });

  connectors
    .command('manifest-schema')
    .description('Print the JSON Schema of connector manifests (--write: to schema/connector-manifest.schema.json)')
    .option('--write', 'write schema/connector-manifest.schema.json under the project root')
    .action(async (opts: { write?: boolean }) => {
      const { manifestJsonSchemaText, MANIFEST_JSON_SCHEMA_FILE } = await import('../../sdk/manifest/manifest-json-schema');
      if (!opts.write) return void ctx.out.write(manifestJsonSchemaText());
      const { writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { projectRoot } = await import('../../project-root');
      const target = join(projectRoot(import.meta.url), MANIFEST_JSON_SCHEMA_FILE);
      writeFileSync(target, manifestJsonSchemaText());
      ctx.out.write(`wrote ${target}\n`);
    });

  // writing connectors: a new one from a template (src/cli/scaffold), the canonical reference in connectors/README.md
  connectors
    .command('new <id>')
    .description('Write a new connector (config schema, one stream, conformance fixture, README) that passes the conformance suite, and register it')
    .option('--kind <kind>', 'how the source is read: files (CSV/XLSX exports in a folder), http (a JSON API), kafka (JSON events on a topic)', 'files')
    .option('--dir <folder>', 'connectors folder to write into (default: the project\'s connectors/, where it is also registered; elsewhere the registration lines are printed)')
    .addHelpText('after', '\nThe id is kebab-case (volunteer-hours) and not taken. Then: edit the stream, mapping and fixtures,\nand run `KAFKA_BROKERS=none npx vitest run test/connectors/conformance.test.ts -t <id>` (connectors/README.md).')
    .action(async (id: string, opts: { kind: string; dir?: string }) => {
      const { scaffoldConnector } = await import('../scaffold/connector-scaffold');
      const result = await scaffoldConnector({ id, kind: opts.kind as 'files', dir: opts.dir, takenIds: (await installed()).map((c) => c.id) });
      ctx.out.write(`wrote ${result.folder}/: ${result.files.join(', ')}\n`);
      if (result.registration.registered) ctx.out.write(`registered in ${result.registration.file}\n`);
      else ctx.out.write(`to install it, add to ${result.registration.file}:\n  ${result.registration.importLine}\nand in INSTALLED_CONNECTORS:\n${result.registration.entryLine}\n`);
      ctx.out.write(`test it alone: KAFKA_BROKERS=none npx vitest run test/connectors/conformance.test.ts -t ${id}\n`);
    });

  connectors
    .command('reference')
    .description('Print the canonical entity reference of connectors/README.md, generated from the code (--write: update the README; --check: exit 1 when it is stale)')
    .option('--write', 'write it between the markers in connectors/README.md')
    .option('--check', 'fail when connectors/README.md holds another text')
    .action(async (opts: { write?: boolean; check?: boolean }) => {
      const { renderCanonicalReference, syncReadmeReference } = await import('../connectors-reference');
      if (!opts.write && !opts.check) return void ctx.out.write(`${renderCanonicalReference()}\n`);
      const { join } = await import('node:path');
      const { projectRoot } = await import('../../project-root');
      const readme = join(projectRoot(import.meta.url), 'connectors', 'README.md');
      const { current, written } = await syncReadmeReference(readme, Boolean(opts.write));
      ctx.out.write(current ? `${readme}: up to date\n` : written ? `wrote ${readme}\n` : `${readme}: stale\n`);
      if (!current && !written) throw new HuijuError('REFERENCE_STALE', `${readme} does not hold the current canonical reference: run \`huiju connectors reference --write\``);
    });

  connectors
    .command('list')
    .description('List installed connectors and the sources configured with them')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await installed();
      const configured = await sources(ctx);
      // each source's latest sync, when the store can be read (not while an embedded store is held by a running hub)
      let runs = new Map<string, import('../../ingest/sync/last-runs').LastRun>();
      let pauses = new Map<string, import('../../ingest/sync/source-control').SourcePause>();
      let runsNote: string | null = null;
      if (configured.length > 0) {
        try {
          const hub = await ctx.openHub({ migrate: 'require' });
          try {
            runs = await (await import('../../ingest/sync/last-runs')).lastRuns(hub.db, configured.map((s) => s.id));
            pauses = await (await import('../../ingest/sync/source-control')).pausesOf(hub.db, configured.map((s) => s.id));
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
            sources: configured.map((s) => ({ id: s.id, connector: s.connector.id, config: s.displayConfig, scheduleMs: s.scheduleMs, lastRun: runs.get(s.id) ?? null, paused: pauses.get(s.id) ?? null })),
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
        // listed without its secrets; it cannot be checked or synced until they are set
        for (const unset of s.unsetEnv ?? []) ctx.out.write(`    cannot run: ${unset}\n`);
        const pause = pauses.get(s.id);
        if (pause) ctx.out.write(`    paused by ${pause.pausedBy} at ${pause.pausedAt.toISOString()}${pause.reason ? `: ${pause.reason}` : ''} (not synced by the scheduler or --all; resumeSource resumes it)\n`);
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
      const result = await runCheck(ctx, source);
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
      // the one implementation the GraphQL `resetStream` uses too: refused while the source is being synced
      const { resetStreams, streamsOf } = await import('../../ingest/sync/source-control');
      streamsOf(source, opts.stream?.length ? opts.stream : undefined);
      const hub = await ctx.openHub();
      try {
        const forgotten = await resetStreams(hub, source, opts.stream?.length ? opts.stream : undefined);
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
    .option('--force', 'sync sources even when they are paused (pauseSource)')
    .option('--batch-size <n>', 'records per transaction (per producer send with --publish)', '1000')
    .option('--publish', 'publish the records to Kafka topic huiju.raw.<source> for `huiju ingest` workers (the default when KAFKA_BROKERS is set)')
    .option('--local', 'apply the records in this process even when KAFKA_BROKERS is set')
    .option('--json', 'print the result as JSON (one line per source) instead of progress lines')
    .option('--no-check', "do not run the sources' check first (a failing check otherwise stops the sync before anything is read)")
    .action(async (sourceIds: string[], opts: { all?: boolean; concurrency: string; stream?: string[]; full?: boolean; force?: boolean; batchSize: string; publish?: boolean; local?: boolean; json?: boolean; check: boolean }) => {
      if (opts.all && sourceIds.length > 0) throw Object.assign(new Error('give source ids or --all, not both'), { code: 'BAD_USER_INPUT' });
      if (!opts.all && sourceIds.length === 0) throw Object.assign(new Error('name the sources to sync (see `huiju connectors list`) or pass --all'), { code: 'BAD_USER_INPUT' });
      let selected = opts.all ? await sources(ctx) : await Promise.all(sourceIds.map((id) => findSource(ctx, id)));
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw Object.assign(new Error('--batch-size must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw Object.assign(new Error('--concurrency must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const [{ syncSources }, { pausesOf, resetStreams }] = await Promise.all([import('../../ingest/sync/run-sync'), import('../../ingest/sync/source-control')]);
      if (opts.publish && opts.local) throw Object.assign(new Error('--publish and --local exclude each other'), { code: 'BAD_USER_INPUT' });
      const publish = opts.publish || (!opts.local && Boolean(ctx.config().kafka.brokers?.length));
      const hub = await ctx.openHub();
      // paused sources (pauseSource): named ones are refused, --all passes them by; --force syncs them
      if (!opts.force) {
        const paused = await pausesOf(hub.db, selected.map((x) => x.id)).catch(async (err) => {
          await hub.close();
          throw err;
        });
        if (paused.size > 0 && !opts.all) {
          await hub.close();
          const list = [...paused.values()].map((p) => `${p.sourceId} (paused by ${p.pausedBy} at ${p.pausedAt.toISOString()}${p.reason ? `: ${p.reason}` : ''})`);
          throw new HuijuError('SOURCE_PAUSED', `not synced: ${list.join(', ')} — resume it (GraphQL resumeSource) or pass --force`, { sources: [...paused.keys()] });
        }
        if (paused.size > 0) ctx.err.write(`skipped (paused; --force syncs them): ${[...paused.keys()].join(', ')}\n`);
        selected = selected.filter((x) => !paused.has(x.id));
      }
      // only the sources synced need their `${ENV}` secrets; each one's check runs first, and a failing one stops the sync with its message
      try {
        if (opts.check) await checkBeforeSync(ctx, selected);
        else (await import('../../ingest/sync/resolve-source')).requireSourceEnv(selected);
      } catch (err) {
        await hub.close();
        throw err;
      }
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
          // the shared reset (as `connectors reset` and the resetStream mutation): refused while another process syncs the source
          for (const source of selected) await resetStreams(hub, source, opts.stream);
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
            // what the connector left out on purpose (another street's rows …): not read, counted by reason
            if (!opts.json && Object.keys(r.skipped ?? {}).length) ctx.err.write(`  skipped by the connector (not read), by reason: ${Object.entries(r.skipped).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
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
