import type { ConnectorContext, JsonValue, ReadMessage } from '../../../src/sdk';
import { socialOrgRegistryConnector, type SocialOrgRegistryConfig } from '../../../connectors/social-org-registry/index';
import { FIXTURE_DIR } from './fixture-files';

export function registryConfig(overrides: Partial<SocialOrgRegistryConfig> = {}): SocialOrgRegistryConfig {
  return socialOrgRegistryConnector.config.parse({ path: FIXTURE_DIR, ...overrides });
}

export function context(config: SocialOrgRegistryConfig, signal = new AbortController().signal): ConnectorContext<SocialOrgRegistryConfig> {
  const quiet = () => {};
  // the reading tests point `path` at temp folders; confinement is tested in store-hygiene.test.ts
  return { config, sourceId: 'mzj', signal, baseDir: process.cwd(), allowPathsOutside: true, logger: { debug: quiet, info: quiet, warn: quiet } };
}

export const organizations = socialOrgRegistryConnector.streams[0]!;

export async function readAll(config: SocialOrgRegistryConfig, cursor: JsonValue | null = null, signal?: AbortSignal): Promise<ReadMessage[]> {
  const out: ReadMessage[] = [];
  for await (const m of organizations.read(context(config, signal), cursor)) out.push(m);
  return out;
}
