import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

interface IssueOptions {
  role: string;
  area?: string[];
  org?: string;
  ttl: string;
  sub: string;
  ops?: string;
  json?: boolean;
}

/** `huiju token issue`: an HS256 bearer token signed with the configured `auth.jwtSecret`. */
export function register(program: Command, ctx: CliContext): void {
  const group = program.command('token').description('Bearer tokens (JWT) signed with HUIJU_JWT_SECRET');
  group
    .command('issue')
    .description('Print an HS256 token for a role and area scope, signed with auth.jwtSecret (HUIJU_JWT_SECRET); send it as "Authorization: Bearer <token>"')
    .requiredOption('--role <role>', 'ADMIN, OPERATOR, STREET_STAFF, COMMUNITY_STAFF, GRID_WORKER, ANALYST, APP or AUDITOR (`huiju auth roles`)')
    .option('--area <code...>', 'area codes of the scope (6, 9 or 12 digits); required for staff, grid workers and APP')
    .option('--org <id>', 'the organisation (organization.id) the holder acts for')
    .option('--ttl <duration>', 'lifetime: 30m, 8h, 7d …', '8h')
    .option('--sub <name>', 'who the token is for (its subject; shown in merges and the access log)', 'huiju-cli')
    .option('--ops <names>', 'APP only: GraphQL operation names it may run, comma-separated')
    .option('--json', 'print JSON (token, subject, role, scope, expiry)')
    .action(async (opts: IssueOptions) => {
      const [{ normaliseGrant }, { issueToken }, { parseDurationSeconds }] = await Promise.all([
        import('../../auth/grant'),
        import('../../auth/jwt'),
        import('../../auth/duration'),
      ]);
      const config = ctx.config();
      const ttlSeconds = parseDurationSeconds(opts.ttl, '--ttl');
      const grant = normaliseGrant({ role: opts.role, areas: opts.area, org: opts.org, ops: opts.ops });
      const token = await issueToken(config.auth, grant, { subject: opts.sub, ttlSeconds });
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      if (opts.json) {
        return void ctx.out.write(`${JSON.stringify({ token, subject: opts.sub, role: grant.role, areaScope: grant.areaScope, orgId: grant.orgId, operations: grant.operations, expiresAt })}\n`);
      }
      ctx.out.write(`${token}\n`);
      ctx.err.write(`token for ${opts.sub}: role ${grant.role}${grant.areaScope.length ? `, areas ${grant.areaScope.join(' ')}` : ''}, expires ${expiresAt}\n`);
    });
}
