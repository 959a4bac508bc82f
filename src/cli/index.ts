import type { CliCommand } from './cli-context';
import * as apiKeys from './commands/api-keys.command';
import * as auth from './commands/auth.command';
import * as connectors from './commands/connectors.command';
import * as deadLetters from './commands/dead-letters.command';
import * as demo from './commands/demo.command';
import * as ingest from './commands/ingest.command';
import * as migrate from './commands/migrate.command';
import * as parked from './commands/parked.command';
import * as query from './commands/query.command';
import * as relay from './commands/relay.command';
import * as schema from './commands/schema.command';
import * as start from './commands/start.command';
import * as token from './commands/token.command';

/** Every `huiju` subcommand, in `--help` order. Adding a command = a file + one line here. */
export const COMMANDS: readonly CliCommand[] = [start, migrate, demo, connectors, ingest, relay, deadLetters, parked, query, schema, auth, token, apiKeys];
