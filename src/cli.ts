import { Command, CommanderError } from 'commander';
import { CONFIG_ENV_VARS } from './config';
import { isHuijuError } from './errors';
import { createCliContext } from './cli/cli-context';
import { COMMANDS } from './cli/index';

/**
 * Entry point of the `huiju` command. Returns the exit code: 0 ok, 1 failed, 2 bad usage or
 * configuration. Errors are printed as `error CODE: message` — never a stack trace for a
 * problem the user can fix.
 */
export async function main(argv: readonly string[], streams: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}): Promise<number> {
  const ctx = createCliContext(streams);
  const program = new Command('huiju')
    .description('Huiju 汇聚 — the data gathering and sharing hub for grassroots governance')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out.write(s), writeErr: (s) => ctx.err.write(s) })
    .addHelpText('after', `\nConfiguration: huiju.config.json / huiju.config.yaml in the working directory, overridden by\nthe environment variables ${CONFIG_ENV_VARS.join(', ')}.\nWithout DATABASE_URL the hub uses the embedded PGlite store in HUIJU_DATA_DIR (default ./.huiju/data).`);
  for (const command of COMMANDS) command.register(program, ctx);
  // the connectors, so the config is checked with its sources: one message lists every problem of the file
  program.hook('preAction', async () => void (await ctx.loadConnectors()));
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: (s) => ctx.out.write(s), writeErr: (s) => ctx.err.write(s) });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (isHuijuError(err)) {
      ctx.err.write(`error ${err.code}: ${err.message}\n`);
      return err.code === 'CONFIG_INVALID' ? 2 : 1;
    }
    const code = (err as { code?: string }).code;
    if (code === 'BAD_USER_INPUT') {
      ctx.err.write(`error ${code}: ${(err as Error).message}\n`);
      return 2;
    }
    ctx.err.write(`error INTERNAL: ${(err as Error).message ?? String(err)}\n`);
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') ctx.err.write(`${(err as Error).stack}\n`);
    return 1;
  }
}
