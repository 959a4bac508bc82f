import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolesMarkdownTable } from '../../../src/auth/roles-table';
import { ROLE_NAMES } from '../../../src/auth/roles';
import { runCli } from '../../support/run-cli';

describe('the roles table', () => {
  it('in the README is the one generated from src/auth/roles.ts (`huiju auth roles --markdown`)', () => {
    const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Access control'));
    expect(section.length).toBeLessThan(readme.length);
    expect(section).toContain(`${rolesMarkdownTable()}\n`);
  });

  it('is printed by `huiju auth roles`, as text and as JSON', async () => {
    const text = await runCli(['auth', 'roles']);
    expect(text.code).toBe(0);
    for (const role of ROLE_NAMES) expect(text.stdout).toContain(`${role}  —`);
    const json = await runCli(['auth', 'roles', '--json']);
    const parsed = JSON.parse(json.stdout) as { roles: { role: string; scope: string; permissions: string[] }[] };
    expect(parsed.roles.map((r) => r.role)).toEqual(ROLE_NAMES);
    expect(parsed.roles.find((r) => r.role === 'OPERATOR')).toMatchObject({ scope: 'none', permissions: ['identity.merge', 'metrics.read', 'sources.control'] });
    const md = await runCli(['auth', 'roles', '--markdown']);
    expect(md.stdout.trim()).toBe(rolesMarkdownTable());
  });
});

describe('the access-control commands', () => {
  it.each(['auth', 'auth roles', 'token', 'token issue', 'api-keys', 'api-keys create', 'api-keys list', 'api-keys revoke'])('has --help on %s', async (sub) => {
    const r = await runCli([...sub.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: huiju ${sub}`);
  });
});
