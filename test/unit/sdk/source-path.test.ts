import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTORS, TEMPLATE_CONNECTOR } from '../../../connectors/index';
import { confineSourcePath, isConnectorError, sourcePathFields } from '../../../src/sdk';

describe('sourcePathFields', () => {
  it('finds the path fields every file connector marks, and none elsewhere', () => {
    const marked = Object.fromEntries([...CONNECTORS, TEMPLATE_CONNECTOR.connector].map((c) => [c.id, sourcePathFields(c.config)]));
    expect(marked).toEqual({ 'street-office': ['path'], 'committee-api': [], 'social-org-registry': ['path'], 'property-events': ['file'], template: ['path'] });
  });
});

describe('confineSourcePath', () => {
  const base = mkdtempSync(join(tmpdir(), 'huiju-confine-'));
  mkdirSync(join(base, 'a'));
  symlinkSync(tmpdir(), join(base, 'tmp-link'));
  const scope = { sourceId: 's', baseDir: base };

  it('returns the configured path made absolute, for paths inside (existing or not)', () => {
    expect(confineSourcePath(scope, 'path', 'a')).toBe(join(base, 'a'));
    expect(confineSourcePath(scope, 'path', './a/../a/b/c.csv')).toBe(join(base, 'a', 'b', 'c.csv'));
    expect(confineSourcePath(scope, 'path', base)).toBe(base);
  });

  it('refuses a path leaving the folder with a config error naming the field', () => {
    for (const [value, field] of [['/etc/passwd', 'file'], ['..', 'path'], ['a/../../x', 'path'], ['tmp-link/x', 'path'], [`${base}-sibling`, 'path']] as const) {
      let caught: unknown;
      try {
        confineSourcePath(scope, field, value);
      } catch (err) {
        caught = err;
      }
      expect(isConnectorError(caught, 'config'), value).toBe(true);
      expect((caught as Error).message).toMatch(new RegExp(`^sources\\[s\\]\\.config\\.${field}: resolves outside the config folder`));
    }
  });

  it('lets any path through with allowPathsOutside', () => {
    expect(confineSourcePath({ ...scope, allowPathsOutside: true }, 'file', '/etc/passwd')).toBe('/etc/passwd');
  });
});
