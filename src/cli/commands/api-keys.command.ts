import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

interface CreateOptions {
  name: string;
  role: string;
  area?: string[];
  org?: string;
  ops?: string;
  expires?: string;
  json?: boolean;
}

/** `huiju api-keys create|list|revoke`: service accounts' API keys, stored hashed in the store. */
export function register(program: Command, ctx: CliContext): void {
  const group = program.command('api-keys').description('API keys of service accounts: create (the secret is shown once), list (prefixes only), revoke');

  group
    .command('create')
    .description('Create an API key with a role and area scope; prints its secret once (send it as "Authorization: ApiKey <key>" or "X-Api-Key")')
    .requiredOption('--name <name>', 'what the key is for, e.g. dashboard-jiangan')
    .requiredOption('--role <role>', 'a role from `huiju auth roles` (APP for applications)')
    .option('--area <code...>', 'area codes of the scope (6, 9 or 12 digits); required for staff, grid workers and APP')
    .option('--org <id>', 'the organisation (organization.id) the key acts for')
    .option('--ops <names>', 'APP only: GraphQL operation names it may run, comma-separated')
    .option('--expires <duration>', 'expire after 30d, 90d, 12h …; default: never (revoke it instead)')
    .option('--json', 'print JSON (the key and its secret)')
    .action(async (opts: CreateOptions) => {
      const [{ normaliseGrant }, { createApiKey }, { parseDurationSeconds }] = await Promise.all([
        import('../../auth/grant'),
        import('../../auth/api-keys'),
        import('../../auth/duration'),
      ]);
      // checked before the store opens
      const grant = normaliseGrant({ role: opts.role, areas: opts.area, org: opts.org, ops: opts.ops });
      const expiresAt = opts.expires ? new Date(Date.now() + parseDurationSeconds(opts.expires, '--expires') * 1000) : null;
      const hub = await ctx.openHub();
      try {
        const { key, secret } = await createApiKey(hub.db, { name: opts.name, grant, expiresAt, createdBy: 'cli' });
        if (opts.json) return void ctx.out.write(`${JSON.stringify({ ...key, secret })}\n`);
        ctx.err.write(`created API key ${key.id} "${key.name}": role ${key.role}${key.areaScope.length ? `, areas ${key.areaScope.join(' ')}` : ''}, expires ${key.expiresAt ?? 'never'}\n`);
        ctx.err.write('the secret below is shown only now; store it (the hub keeps only its hash):\n');
        ctx.out.write(`${secret}\n`);
      } finally {
        await hub.close();
      }
    });

  group
    .command('list')
    .description('List API keys, newest first: id, prefix, name, role, scope, status (never secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { listApiKeys } = await import('../../auth/api-keys');
      const hub = await ctx.openHub();
      try {
        const keys = await listApiKeys(hub.db);
        if (opts.json) return void ctx.out.write(`${JSON.stringify(keys)}\n`);
        if (keys.length === 0) return void ctx.err.write('no API keys\n');
        for (const k of keys) {
          ctx.out.write(
            `${k.id}  ${k.prefix}…  ${k.status.padEnd(7)}  ${k.role}  ${k.name}  scope ${k.areaScope.join(' ') || '-'}${k.operations ? `  ops ${k.operations.join(',')}` : ''}  created ${k.createdAt}  expires ${k.expiresAt ?? 'never'}  last used ${k.lastUsedAt ?? 'never'}\n`,
          );
        }
      } finally {
        await hub.close();
      }
    });

  group
    .command('revoke')
    .description('Revoke an API key by its id or its prefix (from `huiju api-keys list`); it stops working at once')
    .argument('<key>', 'the key id, or its prefix (at least 4 characters)')
    .option('--json', 'print JSON')
    .action(async (idOrPrefix: string, opts: { json?: boolean }) => {
      const { revokeApiKey } = await import('../../auth/api-keys');
      const hub = await ctx.openHub();
      try {
        const key = await revokeApiKey(hub.db, idOrPrefix);
        if (opts.json) return void ctx.out.write(`${JSON.stringify(key)}\n`);
        ctx.out.write(`revoked API key ${key.id} (${key.prefix}…, "${key.name}") at ${key.revokedAt}\n`);
      } finally {
        await hub.close();
      }
    });
}
