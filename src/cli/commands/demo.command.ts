import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';

/** `huiju demo`: generates the synthetic demo world and loads it through the write path. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Generate synthetic demo data (江岸区 420102) and load it into the configured store through the real write path')
    .option('--profile <profile>', 'tiny (~230 people), ci (~16k people, 3k cases) or perf (~250k people, 100k+ cases)', 'tiny')
    .option('--seed <seed>', 'generator seed; the same seed gives the same data', 'huiju')
    .option('--json', 'print the result as JSON instead of progress lines')
    .action(async (opts: { profile: string; seed: string; json?: boolean }) => {
      if (!['tiny', 'ci', 'perf'].includes(opts.profile)) {
        throw Object.assign(new Error(`--profile must be tiny, ci or perf (got "${opts.profile}")`), { code: 'BAD_USER_INPUT' });
      }
      const { loadDemo } = await import('../../demo/load-demo');
      const hub = await ctx.openHub();
      try {
        const progress = createProgress(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, { quiet: opts.json });
        const result = await loadDemo(hub, {
          profile: opts.profile as 'tiny' | 'ci' | 'perf',
          seed: opts.seed,
          onProgress: (p) => progress.update({ read: p.read, applied: p.applied, unchanged: p.unchanged, 'dead letters': p.deadLetters }, `demo ${opts.profile}`),
        });
        progress.done({ read: result.read, applied: result.applied, unchanged: result.unchanged, 'dead letters': result.deadLetters }, `demo ${opts.profile}`);
        if (opts.json) ctx.out.write(`${JSON.stringify(result)}\n`);
      } finally {
        await hub.close();
      }
    });
}
