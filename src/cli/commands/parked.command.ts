import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/**
 * `huiju parked list|expire`: records waiting for a row they refer to (a resident before its
 * grid, a repair before its project; src/ingest/park/). They are applied when the row lands and
 * become `UNRESOLVED_REFERENCE` dead letters after `ingest.parkedFor` (env `HUIJU_PARKED_FOR`).
 */
export function register(program: Command, ctx: CliContext): void {
  const group = program
    .command('parked')
    .description('Records waiting for a row they refer to (applied when it lands, dead letters after ingest.parkedFor): list them, expire them');

  group
    .command('list')
    .description('Count the waiting records by source, stream and missing entity, and list the longest-waiting (what they wait for, never their payload)')
    .option('--source <id>', 'only this source')
    .option('--stream <name>', 'only this stream')
    .option('--limit <n>', 'list at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { source?: string; stream?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw Object.assign(new Error('--limit must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const { countParked, listParked } = await import('../../ingest/park/parked-records.repository');
      const hub = await ctx.openHub();
      try {
        const filter = { source: opts.source, stream: opts.stream };
        const [counts, records] = await Promise.all([countParked(hub.db, filter), listParked(hub.db, { ...filter, limit })]);
        if (opts.json) return void ctx.out.write(`${JSON.stringify({ counts, records })}\n`);
        const total = counts.reduce((n, c) => n + c.count, 0);
        ctx.out.write(`${total} record(s) waiting (ingest.parkedFor ${hub.config.ingest.parkedFor})\n`);
        for (const c of counts) ctx.out.write(`  ${c.source}/${c.stream}  waiting for a ${c.missingEntity}: ${c.count}, since ${c.oldest.toISOString()}\n`);
        for (const r of records) ctx.out.write(`${r.id}  ${r.source}/${r.stream}  parked ${r.parkedAt.toISOString()}  ${r.message}\n`);
      } finally {
        await hub.close();
      }
    });

  group
    .command('expire')
    .description('Apply the waiting records whose row has landed, and turn those that waited longer than ingest.parkedFor into UNRESOLVED_REFERENCE dead letters (sync runs and `huiju ingest` do this on their own)')
    .option('--now', 'expire every waiting record, whatever its age')
    .option('--source <id>', 'only this source')
    .option('--json', 'print JSON')
    .action(async (opts: { now?: boolean; source?: string; json?: boolean }) => {
      const { settleParked } = await import('../../ingest/park/settle-parked');
      const hub = await ctx.openHub();
      try {
        const report = await settleParked(hub, { all: opts.now === true, source: opts.source });
        if (opts.json) return void ctx.out.write(`${JSON.stringify(report)}\n`);
        ctx.out.write(`applied ${report.unparked} whose row had landed; ${report.expired} became UNRESOLVED_REFERENCE dead letters (see \`huiju dead-letters list --reason UNRESOLVED_REFERENCE\`); ${report.waiting} still waiting\n`);
      } finally {
        await hub.close();
      }
    });
}
