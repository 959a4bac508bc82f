/**
 * `social-org-registry` (S3): the civil-affairs bureau's (民政局) register of social
 * organisations — CSV or JSON Lines files in a folder. See README.md.
 */
import { stat } from 'node:fs/promises';
import { defineConnector, isConnectorError, resolveSourcePath } from '../../src/sdk';
import { listFiles } from '../../src/sdk/transports/files';
import { organizationsStream, REGISTRY_EXTENSIONS } from './organizations.stream';
import { socialOrgRegistryConfig, type SocialOrgRegistryConfig } from './social-org-registry.config';

export { socialOrgRegistryConfig, type SocialOrgRegistryConfig } from './social-org-registry.config';
export type { SocialOrgRecord } from './social-org.records';

export const socialOrgRegistryConnector = defineConnector<SocialOrgRegistryConfig>({
  id: 'social-org-registry',
  version: '1.0.0',
  displayName: 'Social organisation registry (社会组织登记)',
  description: 'Registered and filed social organisations from the civil-affairs bureau’s CSV / JSON Lines files in a folder',
  config: socialOrgRegistryConfig,
  async check(ctx) {
    try {
      const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
      const s = await stat(folder);
      if (!s.isDirectory()) return { ok: false, kind: 'config', message: `${ctx.config.path} is not a folder` };
      const files = await listFiles(folder, { extensions: REGISTRY_EXTENSIONS, followLinksOutside: ctx.allowPathsOutside ?? false });
      return { ok: true, message: `${files.length} registry file(s) (CSV/JSON Lines) in ${ctx.config.path}` };
    } catch (err) {
      if (isConnectorError(err, 'config')) return { ok: false, kind: 'config', message: err.message };
      return { ok: false, kind: 'config', message: `cannot read folder ${ctx.config.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  },
  streams: [organizationsStream],
});
