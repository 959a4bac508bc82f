import type { Command } from 'commander';
import { HuijuError } from '../../errors';
import type { CliContext } from '../cli-context';

/** `huiju schema [--write|--check]`: the GraphQL SDL emitted from the type-graphql classes. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('Print the GraphQL schema (SDL) built from the code; --write updates schema/schema.graphql, --check fails when it is out of date')
    .option('--write', 'write schema/schema.graphql instead of printing')
    .option('--check', 'exit 1 when schema/schema.graphql differs from the code')
    .action(async (opts: { write?: boolean; check?: boolean }) => {
      const { printHubSchema } = await import('../../graphql/schema');
      const { SCHEMA_FILE, SCHEMA_UPDATE_HINT, writeSchemaFile } = await import('../../graphql/schema-file');
      if (opts.write) {
        const changed = writeSchemaFile();
        ctx.err.write(changed ? `Wrote ${SCHEMA_FILE}\n` : `${SCHEMA_FILE} is up to date\n`);
        return;
      }
      if (opts.check) {
        const { readFileSync } = await import('node:fs');
        let current = '';
        try {
          current = readFileSync(SCHEMA_FILE, 'utf8');
        } catch {
          // absent: out of date
        }
        if (current !== printHubSchema()) throw new HuijuError('SCHEMA_OUT_OF_DATE', `${SCHEMA_FILE} is out of date: ${SCHEMA_UPDATE_HINT}`);
        ctx.err.write(`${SCHEMA_FILE} is up to date\n`);
        return;
      }
      ctx.out.write(printHubSchema());
    });
}
