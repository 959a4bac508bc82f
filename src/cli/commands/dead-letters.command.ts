import type { Command } from 'commander';
import { HuijuError } from '../../errors';
import type { Hub } from '../../hub';
import type { CliContext } from '../cli-context';

interface FilterOptions {
  source?: string;
  stream?: string;
  reason?: string;
  status?: string;
  /** Unset: `list` shows 50, `replay` replays every match. */
  limit?: string;
  json?: boolean;
}

function filterOf(opts: FilterOptions) {
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw Object.assign(new Error('--limit must be a positive integer'), { code: 'BAD_USER_INPUT' });
  if (opts.status && !['OPEN', 'REPLAYED', 'DISCARDED'].includes(opts.status)) throw Object.assign(new Error('--status must be OPEN, REPLAYED or DISCARDED'), { code: 'BAD_USER_INPUT' });
  return { source: opts.source, stream: opts.stream, reason: opts.reason, status: opts.status as 'OPEN' | undefined, limit };
}

/**
 * A `--source` that is neither configured nor named by any dead letter is a typo, not "no dead
 * letters": `UNKNOWN_SOURCE`, naming the sources there are. (A source removed from the config
 * whose dead letters remain is still listed.)
 */
async function assertKnownSource(hub: Hub, source: string): Promise<void> {
  if (hub.sources?.some((s) => s.id === source)) return;
  const stored = (await hub.db.selectFrom('dead_letter').select('source').distinct().execute()).map((r) => r.source);
  if (stored.includes(source)) return;
  const configured = (hub.sources ?? []).map((s) => s.id);
  throw new HuijuError('UNKNOWN_SOURCE', `no source "${source}": configured ${configured.join(', ') || '(none)'}; with dead letters ${stored.join(', ') || '(none)'}`, { source });
}

/**
 * `huiju dead-letters list|replay|remask`: records the hub could not use, shown masked (by their
 * stream's personal-field declaration), their replay, and re-masking after a declaration changed.
 */
export function register(program: Command, ctx: CliContext): void {
  const group = program.command('dead-letters').description('Records the hub could not use: list them (masked) and replay them after a fix');
  const withFilter = (c: Command) =>
    c
      .option('--source <id>', 'only this source')
      .option('--stream <name>', 'only this stream')
      .option('--reason <code>', 'only this reason code, e.g. INVALID_ID_CHECKSUM')
      .option('--json', 'print JSON');

  withFilter(group.command('list').description('List dead letters, newest first, with reason codes and masked payloads'))
    .option('--limit <n>', 'at most this many', '50')
    .option('--status <status>', 'OPEN, REPLAYED or DISCARDED', 'OPEN')
    .action(async (opts: FilterOptions) => {
      const { listDeadLetters, countDeadLetters } = await import('../../ingest/dead-letter.repository');
      const hub = await ctx.openHub();
      try {
        const filter = filterOf(opts);
        const letters = await listDeadLetters(hub.db, filter);
        if (letters.length === 0 && filter.source !== undefined) await assertKnownSource(hub, filter.source);
        if (opts.json) return void ctx.out.write(`${JSON.stringify(letters)}\n`);
        const counts = await countDeadLetters(hub.db, { source: filter.source, stream: filter.stream, status: filter.status });
        ctx.out.write(`By reason: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}\n`);
        for (const l of letters) {
          ctx.out.write(`${l.id}  ${l.source}/${l.stream}  ${l.stage}  ${l.reason}  ${JSON.stringify(l.position)}\n    ${l.message}\n    ${JSON.stringify(l.payload).slice(0, 300)}\n`);
        }
      } finally {
        await hub.close();
      }
    });

  group
    .command('remask')
    .description("Mask the stored payloads again from their encrypted copies with the streams' current personal-field declarations (after a connector declared or changed them)")
    .option('--source <id>', 'only this source')
    .option('--stream <name>', 'only this stream')
    .option('--json', 'print JSON')
    .action(async (opts: { source?: string; stream?: string; json?: boolean }) => {
      const [{ remaskDeadLetters }, { resolveSources }, { CONNECTORS }] = await Promise.all([
        import('../../ingest/dead-letter.repository'),
        import('../../ingest/sync/resolve-source'),
        import('../../../connectors/index'),
      ]);
      const sources = new Map(resolveSources(ctx.config(), CONNECTORS).map((s) => [s.id, s]));
      const hub = await ctx.openHub();
      try {
        // a source no longer configured, or a stream its connector lost, falls back to the key heuristics
        const personalFieldsOf = (source: string, stream: string) => sources.get(source)?.connector.streams.find((s) => s.name === stream)?.personalFields;
        const remasked = await remaskDeadLetters(hub.db, hub.vault, personalFieldsOf, { source: opts.source, stream: opts.stream });
        if (opts.json) return void ctx.out.write(`${JSON.stringify({ remasked })}\n`);
        ctx.out.write(`re-masked ${remasked} dead letter(s)\n`);
      } finally {
        await hub.close();
      }
    });

  withFilter(
    group
      .command('replay')
      .description(
        "Map open dead letters again with the source's current connector and config, and write them: every one that matches (in pages of 500), unless --limit is given",
      ),
  )
    .option('--limit <n>', 'replay at most this many (oldest first) and say how many are left; default: all that match')
    .option('--id <id...>', 'only these dead letters')
    .action(async (opts: FilterOptions & { id?: string[] }) => {
      const [{ replayDeadLetters }, { resolveSources, requireSourceEnv }, { CONNECTORS }] = await Promise.all([
        import('../../ingest/replay-dead-letters'),
        import('../../ingest/sync/resolve-source'),
        import('../../../connectors/index'),
      ]);
      const sources = resolveSources(ctx.config(), CONNECTORS);
      // replayed records are mapped with their source's config: the sources replayed need their `${ENV}` secrets
      requireSourceEnv(opts.source ? sources.filter((s) => s.id === opts.source) : sources);
      const hub = await ctx.openHub();
      try {
        const report = await replayDeadLetters(hub, sources, { ...filterOf(opts), ids: opts.id });
        if (opts.json) return void ctx.out.write(`${JSON.stringify(report)}\n`);
        ctx.out.write(
          `considered ${report.considered}: replayed ${report.replayed}${report.parked ? ` (${report.parked} parked: waiting for the rows they refer to, see \`huiju parked list\`)` : ''}, failing again ${report.stillFailing}, failing for a new reason ${report.newReason}, skipped ${report.skipped.length}\n`,
        );
        for (const s of report.skipped.slice(0, 20)) ctx.out.write(`  skipped ${s.id}: ${s.why}\n`);
        if (report.remaining > 0) ctx.out.write(`${report.remaining} more match and were left by --limit ${opts.limit}: run again, or without --limit to replay them all\n`);
      } finally {
        await hub.close();
      }
    });
}
