import type { Command } from 'commander';
import type { ProfileName } from '../../demo/profiles';
import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';
import { formatWaitingSummary } from '../waiting-summary';

/**
 * `huiju demo`: generates the synthetic demo world, renders it into the four source systems'
 * inputs and loads them through the real connectors (`--direct`: straight through the write path).
 * Its summary accounts for every record read (applied, skipped, dead letters, parked) and says how
 * many records still wait for a row they refer to, and for what; it leaves them parked (applied
 * if the row lands, dead letters after `ingest.parkedFor`), never expiring them on its own.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Generate synthetic demo data (江岸区 420102), render it as the four sources’ inputs (street office exports, committee platform, social-org register, property events) and load them through the real connectors',
    )
    .option('--profile <profile>', 'tiny (~230 people), ci (~16k people, 3k cases) or perf (~250k people, 100k+ cases)', 'tiny')
    .option('--seed <seed>', 'generator seed; the same seed gives the same data', 'huiju')
    .option('--direct', 'skip the connectors: load the generated world straight through the write path (source "demo")')
    .option('--variants', 'add the variant district (420103, invented streets): estates, buildings and organisations spelled differently per source, look-alike cases, Excel-damaged IDs, out-of-order events')
    .option('--score', 'after loading through the connectors, score the golden records against the generator truth (precision / recall of persons, buildings, organisations, case links) and print the figures')
    .option('--json', 'print the result as JSON instead of progress lines')
    .action(async (opts: { profile: string; seed: string; direct?: boolean; variants?: boolean; score?: boolean; json?: boolean }) => {
      if (!['tiny', 'ci', 'perf'].includes(opts.profile)) {
        throw Object.assign(new Error(`--profile must be tiny, ci or perf (got "${opts.profile}")`), { code: 'BAD_USER_INPUT' });
      }
      if (opts.direct && (opts.variants || opts.score)) {
        throw Object.assign(new Error('--variants and --score need the connectors: drop --direct'), { code: 'BAD_USER_INPUT' });
      }
      const profile = opts.profile as ProfileName;
      const err = ctx.err as NodeJS.WritableStream & { isTTY?: boolean };
      const hub = await ctx.openHub();
      try {
        if (opts.direct) {
          const { loadDemo } = await import('../../demo/load-demo');
          const progress = createProgress(err, { quiet: opts.json });
          const result = await loadDemo(hub, {
            profile,
            seed: opts.seed,
            onProgress: (p) => progress.update({ read: p.read, applied: p.applied, skipped: p.unchanged + p.stale, 'dead letters': p.deadLetters, parked: p.parked }, `demo ${opts.profile}`, { total: p.total }),
          });
          progress.done({ read: result.read, applied: result.applied, skipped: result.unchanged + result.stale, 'dead letters': result.deadLetters, parked: result.parked }, `demo ${opts.profile}`);
          const { countParked } = await import('../../ingest/park/parked-records.repository');
          const waitingFor = (await countParked(hub.db, { source: 'demo' })).map(({ source, stream, missingEntity, count }) => ({ source, stream, missingEntity, count }));
          if (opts.json) ctx.out.write(`${JSON.stringify({ ...result, waitingFor })}\n`);
          else {
            const waiting = formatWaitingSummary(waitingFor, hub.config.ingest.parkedFor);
            if (waiting) err.write(`${waiting}\n`);
          }
          return;
        }
        const { runConnectorDemo, formatDemoLoaded } = await import('../run-connector-demo');
        const result = await runConnectorDemo(hub, err, { profile, seed: opts.seed, variants: opts.variants, quiet: opts.json });
        if (!opts.json) err.write(`${formatDemoLoaded(result, hub.config.ingest.parkedFor)}\n`);
        if (opts.score) {
          // scores the whole store: meaningful on a store holding only this demo load
          const { scoreGoldenRecords, formatGoldenRecordScore } = await import('../../demo/score/score-golden-records');
          const score = await scoreGoldenRecords(hub, { profile, seed: opts.seed, variants: opts.variants });
          if (opts.json) ctx.out.write(`${JSON.stringify({ ...result, score })}\n`);
          else ctx.out.write(`${formatGoldenRecordScore(score)}\n`);
        } else if (opts.json) ctx.out.write(`${JSON.stringify(result)}\n`);
      } finally {
        await hub.close();
      }
    });
}
