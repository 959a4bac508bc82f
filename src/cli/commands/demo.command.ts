import type { Command } from 'commander';
import type { ProfileName } from '../../demo/profiles';
import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';

/**
 * `huiju demo`: generates the synthetic demo world, renders it into the four source systems'
 * inputs and loads them through the real connectors (`--direct`: straight through the write path).
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
    .option('--json', 'print the result as JSON instead of progress lines')
    .action(async (opts: { profile: string; seed: string; direct?: boolean; json?: boolean }) => {
      if (!['tiny', 'ci', 'perf'].includes(opts.profile)) {
        throw Object.assign(new Error(`--profile must be tiny, ci or perf (got "${opts.profile}")`), { code: 'BAD_USER_INPUT' });
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
            onProgress: (p) => progress.update({ read: p.read, applied: p.applied, unchanged: p.unchanged, 'dead letters': p.deadLetters }, `demo ${opts.profile}`),
          });
          progress.done({ read: result.read, applied: result.applied, unchanged: result.unchanged, 'dead letters': result.deadLetters }, `demo ${opts.profile}`);
          if (opts.json) ctx.out.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const { runConnectorDemo } = await import('../run-connector-demo');
        const result = await runConnectorDemo(hub, err, { profile, seed: opts.seed, quiet: opts.json });
        if (opts.json) ctx.out.write(`${JSON.stringify(result)}\n`);
        else err.write(`Demo loaded: read ${result.read}, applied ${result.applied}, dead letters ${result.deadLetters} (${result.seconds.toFixed(1)} s)\n`);
      } finally {
        await hub.close();
      }
    });
}
