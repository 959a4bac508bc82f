import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** `huiju auth roles`: the roles table of src/auth/roles.ts (what each role may read and do). */
export function register(program: Command, ctx: CliContext): void {
  const group = program.command('auth').description('Access control: roles, what they read and may do (see also `huiju token` and `huiju api-keys`)');
  group
    .command('roles')
    .description('Print every role: area scope rule, read classes, whether it sees L4 facts, permissions')
    .option('--json', 'print JSON')
    .option('--markdown', 'print the Markdown table the README holds')
    .action(async (opts: { json?: boolean; markdown?: boolean }) => {
      const { roleRows, rolesMarkdownTable, permissionRows, SCOPE_RULE_TEXT } = await import('../../auth/roles-table');
      const { READ_CLASSES } = await import('../../auth/roles');
      if (opts.json) return void ctx.out.write(`${JSON.stringify({ roles: roleRows(), readClasses: READ_CLASSES, permissions: permissionRows() })}\n`);
      if (opts.markdown) return void ctx.out.write(`${rolesMarkdownTable()}\n`);
      for (const r of roleRows()) {
        ctx.out.write(`${r.role}  — ${r.description}\n`);
        ctx.out.write(`  scope: ${r.scope} (${SCOPE_RULE_TEXT[r.scope]})   L4: ${r.l4 ? 'yes' : 'no'}   permissions: ${r.permissions.join(', ') || 'none'}\n`);
        ctx.out.write(`  reads: ${r.reads.join(', ')}\n`);
      }
      ctx.out.write('\nRead classes:\n');
      for (const [k, v] of Object.entries(READ_CLASSES)) ctx.out.write(`  ${k.padEnd(14)} ${v}\n`);
      ctx.out.write('Permissions:\n');
      for (const p of permissionRows()) ctx.out.write(`  ${p.permission.padEnd(14)} ${p.meaning}\n`);
    });
}
