/**
 * Configuration that helps (#15): a source's `${ENV}` secrets are needed only by what runs that
 * source; one message lists every problem of the file (hub settings and sources together); path
 * settings are named by their key when the path is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/index';
import { loadConfig } from '../../src/config';
import { checkSource } from '../../src/ingest/sync/check-source';
import { requireSourceEnv, resolveSources, sourceProblems } from '../../src/ingest/sync/resolve-source';
import { isConnectorError, requireSourcePath, sourcePathProblems, sourcePathSpecs } from '../../src/sdk';
import { configError } from '../support/config-error';

// a name no environment sets
const UNSET = 'HUIJU_TEST_SECRETS_UNSET_TOKEN';

const dirWith = (yaml: string) => {
  const cwd = mkdtempSync(join(tmpdir(), 'huiju-config-secrets-'));
  writeFileSync(join(cwd, 'huiju.config.yaml'), yaml);
  return cwd;
};

const twoSources = (extra = '') => `${extra}sources:
  - id: committee
    connector: committee-api
    schedule: 1h
    config:
      baseUrl: http://127.0.0.1:1
      token: \${${UNSET}}
  - id: street-a
    connector: street-office
    config:
      path: ./exports
      streetCode: "420102002"
`;

const logger = { debug: () => {}, info: () => {}, warn: () => {} };

describe('secrets resolved only for the sources a command runs', () => {
  it('a source whose secret is unset resolves, listed and shown, and says what it lacks', () => {
    const config = loadConfig({ env: {}, cwd: dirWith(twoSources()) });
    const [committee, street] = resolveSources(config, CONNECTORS, {});
    expect(committee!.unsetEnv).toEqual([`sources[committee].config.token: environment variable ${UNSET} is not set`]);
    expect(committee!.displayConfig).toMatchObject({ baseUrl: 'http://127.0.0.1:1', token: '***' });
    expect(committee!.scheduleMs).toBe(3_600_000);
    expect(street!.unsetEnv).toBeUndefined();
    expect(street!.config).toMatchObject({ path: './exports', streetCode: '420102002' });
  });

  it('running it needs the secret: its config, and requireSourceEnv, fail naming the key and the variable', () => {
    const config = loadConfig({ env: {}, cwd: dirWith(twoSources()) });
    const [committee, street] = resolveSources(config, CONNECTORS, {});
    const read = configError(() => committee!.config);
    expect(read.code).toBe('CONFIG_INVALID');
    expect(read.message).toContain(`sources[committee].config.token: environment variable ${UNSET} is not set`);
    expect(() => requireSourceEnv([street!])).not.toThrow();
    const err = configError(() => requireSourceEnv([committee!, street!], 'a hint'));
    expect(err.message).toBe(`source committee cannot run:\n  - sources[committee].config.token: environment variable ${UNSET} is not set\na hint`);
  });

  it('with the variable set, the secret is resolved and validated as before', () => {
    const config = loadConfig({ env: {}, cwd: dirWith(twoSources()) });
    const [committee] = resolveSources(config, CONNECTORS, { [UNSET]: 'secret-token-value' });
    expect(committee!.unsetEnv).toBeUndefined();
    expect(committee!.config).toMatchObject({ token: 'secret-token-value' });
    expect(committee!.displayConfig).toMatchObject({ token: '***' });
  });

  it('the other settings of a source with an unset secret are still checked at once', () => {
    const cwd = dirWith(`sources:
  - id: committee
    connector: committee-api
    config:
      baseUrl: not-a-url
      pageSiz: 10
      token: \${${UNSET}}
`);
    const err = configError(() => resolveSources(loadConfig({ env: {}, cwd }), CONNECTORS, {}));
    expect(err.message).toContain('sources[committee].config.baseUrl: ');
    expect(err.message).toContain('sources[committee].config.pageSiz: unknown key — did you mean "pageSize"?');
    expect(err.message).not.toContain(UNSET);
  });
});

describe('one message lists every problem of the file', () => {
  it('hub settings, Kafka TLS files and sources together, each named by its key', () => {
    const cwd = dirWith(
      twoSources(`server:
  prot: 4000
kafka:
  brokers: [k:9092]
  ssl:
    enabled: true
    caFile: ./missing-ca.pem
`).replace('streetCode: "420102002"', 'streetCode: "420102002"\n      pathh: ./x'),
    );
    const check = (c: Parameters<typeof sourceProblems>[0]) => sourceProblems(c, CONNECTORS, {});
    const err = configError(() => loadConfig({ env: {}, cwd, sourceProblems: check }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('server.prot: unknown key — did you mean "port"?');
    expect(err.message).toContain('sources[street-a].config.pathh: unknown key — did you mean "path"?');
    // an unset secret is not a problem of the file
    expect(err.message).not.toContain(UNSET);
    expect(err.message.match(/^Invalid configuration:/gm)).toHaveLength(1);

    // the hub's settings fixed: the TLS file (checked once the settings parse) and the source, still in one message
    const fixed = dirWith(readYaml(cwd).replace('  prot: 4000', '  port: 4000'));
    const again = configError(() => loadConfig({ env: {}, cwd: fixed, sourceProblems: check }));
    expect(again.message).toContain(`kafka.ssl.caFile: file ${join(fixed, 'missing-ca.pem')} does not exist`);
    expect(again.message).toContain('sources[street-a].config.pathh: unknown key');
    expect(again.message).not.toContain('server.prot');
  });

  it('a path leaving the config folder is one of the listed problems, not a separate failure', () => {
    const cwd = dirWith(`server:
  hots: x
sources:
  - id: street-a
    connector: street-office
    config:
      path: /etc
      streetCode: "420102002"
  - id: y
    connector: committe-api
`);
    const err = configError(() => loadConfig({ env: {}, cwd, sourceProblems: (c) => sourceProblems(c, CONNECTORS, {}) }));
    expect(err.message).toContain('server.hots: unknown key — did you mean "host"?');
    expect(err.message).toContain('sources[street-a].config.path: resolves outside the config folder');
    expect(err.message).toContain('sources[y].connector: unknown connector "committe-api" — did you mean "committee-api"?');
  });

  it('a file without problems loads as before with the sources checked', () => {
    const config = loadConfig({ env: {}, cwd: dirWith(twoSources()), sourceProblems: (c) => sourceProblems(c, CONNECTORS, {}) });
    expect(config.sources.map((s) => s.id)).toEqual(['committee', 'street-a']);
  });
});

describe('path settings named by the key that holds them', () => {
  const base = mkdtempSync(join(tmpdir(), 'huiju-source-paths-'));
  mkdirSync(join(base, 'exports'));
  writeFileSync(join(base, 'a-file.csv'), 'x\n');
  const scope = { sourceId: 'street-a', baseDir: base };

  it('connectors declare what their paths name', () => {
    const kinds = Object.fromEntries(CONNECTORS.map((c) => [c.id, sourcePathSpecs(c.config)]));
    expect(kinds['street-office']).toEqual([{ field: 'path', kind: 'folder' }]);
    expect(kinds['property-events']).toEqual([{ field: 'file', kind: 'file' }]);
  });

  it('a missing folder, a file given for a folder, and a folder that is there', () => {
    const street = CONNECTORS.find((c) => c.id === 'street-office')!;
    expect(sourcePathProblems(scope, street.config, { path: 'nope/x' })).toEqual([`sources[street-a].config.path: folder ${join(base, 'nope/x')} does not exist`]);
    expect(sourcePathProblems(scope, street.config, { path: 'a-file.csv' })).toEqual([`sources[street-a].config.path: ${join(base, 'a-file.csv')} is a file, not a folder`]);
    expect(sourcePathProblems(scope, street.config, { path: 'exports' })).toEqual([]);
  });

  it('requireSourcePath: the absolute path, or a config error PATH_NOT_FOUND naming the key', () => {
    expect(requireSourcePath(scope, 'path', 'exports', 'folder')).toBe(join(base, 'exports'));
    let caught: unknown;
    try {
      requireSourcePath(scope, 'file', 'events.jsonl', 'file');
    } catch (err) {
      caught = err;
    }
    expect(isConnectorError(caught, 'config')).toBe(true);
    expect(caught).toMatchObject({ code: 'PATH_NOT_FOUND', message: `sources[street-a].config.file: file ${join(base, 'events.jsonl')} does not exist` });
  });

  it("a source's check names an unset secret, then a missing path, before the connector's own check runs", async () => {
    const config = loadConfig({ env: {}, cwd: dirWith(twoSources()) });
    const [committee, street] = resolveSources(config, CONNECTORS, {});
    const ctx = (s: typeof street) => ({ sourceId: s!.id, baseDir: s!.baseDir, signal: new AbortController().signal, logger });
    expect(await checkSource(committee!, ctx(committee))).toEqual({ ok: false, kind: 'config', message: `sources[committee].config.token: environment variable ${UNSET} is not set` });
    expect(await checkSource(street!, ctx(street))).toEqual({ ok: false, kind: 'config', message: `sources[street-a].config.path: folder ${join(config.baseDir!, 'exports')} does not exist` });
    mkdirSync(join(config.baseDir!, 'exports'));
    expect(await checkSource(street!, ctx(street))).toMatchObject({ ok: true });
  });
});

function readYaml(cwd: string): string {
  return readFileSync(join(cwd, 'huiju.config.yaml'), 'utf8');
}
