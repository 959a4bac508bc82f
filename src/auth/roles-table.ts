import { PERMISSIONS, type Permission, READ_CLASSES, type ReadClass, ROLE_NAMES, ROLES, type Role, type ScopeRule } from './roles';

/** One row of the roles table, as `huiju auth roles --json` prints it. */
export interface RoleRow {
  role: Role;
  description: string;
  scope: ScopeRule;
  reads: ReadClass[];
  l4: boolean;
  permissions: Permission[];
}

/** What each scope rule means, for the table's readers. */
export const SCOPE_RULE_TEXT: Readonly<Record<ScopeRule, string>> = {
  none: 'whole store',
  optional: 'whole store, or its areas',
  required: 'its areas only',
};

/** Every role of src/auth/roles.ts, in declaration order. */
export function roleRows(): RoleRow[] {
  return ROLE_NAMES.map((role) => {
    const r = ROLES[role];
    return { role, description: r.description, scope: r.scope, reads: [...r.reads], l4: r.l4, permissions: [...r.permissions] };
  });
}

/**
 * The roles table in Markdown, as the README's "Access control" section holds it (a test checks
 * that the README's copy is this one): reads that every role has are left out of the reads
 * column, so the differences stand out.
 */
export function rolesMarkdownTable(): string {
  const rows = roleRows();
  const lines = [
    '| role | area scope | reads | L4 | may also |',
    '|---|---|---|---|---|',
    ...rows.map((r) => {
      const reads = r.reads.length === Object.keys(READ_CLASSES).length ? 'everything' : r.reads.join(', ');
      const perms = r.permissions.length ? r.permissions.map((p) => `\`${p}\``).join(', ') : '—';
      return `| \`${r.role}\` ${r.description.split(' — ')[0]} | ${SCOPE_RULE_TEXT[r.scope]} | ${reads} | ${r.l4 ? 'yes' : 'no'} | ${perms} |`;
    }),
  ];
  return lines.join('\n');
}

/** The permissions and what they allow, for `huiju auth roles`. */
export function permissionRows(): { permission: Permission; meaning: string }[] {
  return (Object.keys(PERMISSIONS) as Permission[]).map((permission) => ({ permission, meaning: PERMISSIONS[permission] }));
}
