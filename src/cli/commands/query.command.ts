import type { Command } from 'commander';
import { HuijuError } from '../../errors';
import type { CliContext } from '../cli-context';
import type { QueryResult } from '../../graphql/run-query';

/** The operation's result: in process, or through the running hub that holds the embedded store. */
async function answer(ctx: CliContext, source: string, variables: Record<string, unknown>): Promise<QueryResult> {
  // a hub that is up answers for its store: no attempt to open it (and no lock taken meanwhile)
  const running = ctx.runningHub();
  if (running) return (await import('../running-hub')).queryRunningHub(running, source, variables);
  const { runQuery } = await import('../../graphql/run-query');
  // a read never migrates: a store behind the code says to run `huiju migrate`
  const hub = await ctx.openHub({ migrate: 'require' });
  try {
    return await runQuery(hub, source, variables);
  } finally {
    await hub.close();
  }
}

/**
 * `huiju query '<graphql>' [--variables '<json>']`: runs one operation in process and prints the
 * JSON result. When a running `huiju start` holds the embedded store, the operation goes to that
 * hub's API instead, as the same caller (src/cli/running-hub.ts), and the result is the same.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('query')
    .description('Run a GraphQL operation against the configured store and print the JSON result (personal information masked, as over HTTP)')
    .argument('<graphql>', "the operation, e.g. '{ area(code: \"420102\") { name } }'")
    .option('--variables <json>', 'variables as a JSON object')
    .option('--compact', 'print the result on one line')
    .action(async (source: string, opts: { variables?: string; compact?: boolean }) => {
      let variables: Record<string, unknown> = {};
      if (opts.variables !== undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(opts.variables);
        } catch {
          throw Object.assign(new Error('--variables must be a JSON object'), { code: 'BAD_USER_INPUT' });
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw Object.assign(new Error('--variables must be a JSON object'), { code: 'BAD_USER_INPUT' });
        }
        variables = parsed as Record<string, unknown>;
      }
      const result = await answer(ctx, source, variables);
      ctx.out.write(`${opts.compact ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
      if (result.errors?.length) {
        const codes = [...new Set(result.errors.map((e) => String(e.extensions?.code ?? 'ERROR')))].join(', ');
        throw new HuijuError('GRAPHQL_ERRORS', `the operation returned ${result.errors.length} error(s): ${codes}`);
      }
    });
}
