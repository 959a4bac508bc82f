import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** `huiju migrate`: applies pending migrations to the configured store. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('Apply pending database migrations to the configured store (PostgreSQL or embedded PGlite)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [{ migrateToLatest }, { checkPiiKey }] = await Promise.all([import('../../db/migrate'), import('../../hub')]);
      const hub = await ctx.openHub({ migrate: false });
      try {
        const result = await migrateToLatest(hub.db);
        await checkPiiKey(hub);
        const applied = (result.results ?? []).map((r) => r.migrationName);
        if (opts.json) ctx.out.write(`${JSON.stringify({ store: hub.store.description, applied })}\n`);
        else ctx.out.write(applied.length ? `Applied ${applied.length} migration(s) to ${hub.store.description}:\n${applied.map((a) => `  ${a}`).join('\n')}\n` : `${hub.store.description} is up to date.\n`);
      } finally {
        await hub.close();
      }
    });
}
