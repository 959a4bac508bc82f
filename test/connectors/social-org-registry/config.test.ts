import { describe, expect, it } from 'vitest';
import { socialOrgRegistryConnector } from '../../../connectors/social-org-registry/index';
import { context, registryConfig } from './support';

describe('social-org-registry config', () => {
  it('fills in the defaults and refuses unknown fields and alias keys', () => {
    expect(socialOrgRegistryConnector.config.parse({ path: './mzj' })).toEqual({ path: './mzj', headerAliases: {}, encoding: 'auto' });
    expect(socialOrgRegistryConnector.config.safeParse({ path: '.', headerAliases: { 法人: ['x'] } }).success).toBe(false);
    expect(socialOrgRegistryConnector.config.safeParse({ path: '.', headerAliases: { 社会组织名称: ['机构'] } }).success).toBe(true);
    expect(socialOrgRegistryConnector.config.safeParse({ path: '.', url: 'x' }).success).toBe(false);
  });

  it('check(): ok for the fixtures, a config failure for a missing folder', async () => {
    expect(await socialOrgRegistryConnector.check(context(registryConfig()))).toMatchObject({ ok: true, message: expect.stringContaining('3 registry file(s)') });
    expect(await socialOrgRegistryConnector.check(context(registryConfig({ path: '/nonexistent/s3' })))).toMatchObject({ ok: false, kind: 'config' });
  });

  it('an alias from the config reads a drifted header', async () => {
    const { readAll } = await import('./support');
    const messages = await readAll(registryConfig({ headerAliases: { 社会组织名称: ['机构'], 社会组织类型: ['类型'], 登记状态: ['状态'] } }));
    expect(messages.some((m) => m.type === 'failed' && m.reason === 'SCHEMA_DRIFT')).toBe(false);
  });
});
