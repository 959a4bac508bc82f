import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/index';
import { configSchema, loadConfig } from '../../src/config';
import { configKey, didYouMean, lenientObjectsIn } from '../../src/config-problems';
import { resolveSources } from '../../src/ingest/sync/resolve-source';
import { configError } from '../support/config-error';

const dirWith = (yaml: string) => {
  const cwd = mkdtempSync(join(tmpdir(), 'huiju-config-problems-'));
  writeFileSync(join(cwd, 'huiju.config.yaml'), yaml);
  return cwd;
};

describe('configuration problems (src/config-problems.ts)', () => {
  it('names keys dot-separated from their prefix, with no stray dot', () => {
    expect(configKey('sources[x].config', ['path'])).toBe('sources[x].config.path');
    expect(configKey('sources[x].config', [])).toBe('sources[x].config');
    expect(configKey('', ['kafka', 'brokers', 0])).toBe('kafka.brokers.0');
  });

  it('suggests the key a typo was meant to be, and nothing for a word far from every key', () => {
    expect(didYouMean('prot', ['port', 'host', 'cors'])).toBe('port');
    expect(didYouMean('pathh', ['path', 'streetCode'])).toBe('path');
    expect(didYouMean('streetcode', ['path', 'streetCode'])).toBe('streetCode');
    expect(didYouMean('committe-api', ['street-office', 'committee-api'])).toBe('committee-api');
    expect(didYouMean('colour', ['port', 'host'])).toBeNull();
  });

  it('the hub config and every installed connector config refuse unknown keys at every level', () => {
    expect(lenientObjectsIn(configSchema)).toEqual([]);
    for (const c of CONNECTORS) expect(lenientObjectsIn(c.config), c.id).toEqual([]);
  });

  it('a misspelt nested key of the hub config is refused, named, with the key it was meant to be', () => {
    const err = configError(() => loadConfig({ env: {}, cwd: dirWith('server:\n  prot: 4000\nkafka:\n  brokrs: [a:1]\n') }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('server.prot: unknown key — did you mean "port"?');
    expect(err.message).toContain('kafka.brokrs: unknown key — did you mean "brokers"?');
  });

  it('every problem of every source is listed in one message, each named by its key', () => {
    const cwd = dirWith(`sources:
  - id: x
    connector: street-office
    config:
      pathh: ./exports
      streetCode: "420102002"
  - id: y
    connector: committe-api
  - id: z
    connector: committee-api
    config:
      baseUrl: http://127.0.0.1:1
      token: \${HUIJU_TEST_UNSET_TOKEN}
`);
    const config = loadConfig({ env: {}, cwd });
    const err = configError(() => resolveSources(config, CONNECTORS, {}));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('sources[x].config.path: ');
    expect(err.message).toContain('sources[x].config.pathh: unknown key — did you mean "path"?');
    expect(err.message).toContain('sources[y].connector: unknown connector "committe-api" — did you mean "committee-api"?');
    // an unset secret is not a problem of the file: only the commands that run the source need it (config-secrets.test.ts)
    expect(err.message).not.toContain('HUIJU_TEST_UNSET_TOKEN');
    expect(err.message).not.toMatch(/config\.:/);
  });
});
