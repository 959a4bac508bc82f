import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { configError } from '../support/config-error';
import { survivorshipOf } from '../../src/ingest/write/survivorship';

const load = (survivorship: unknown) => loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-surv-')), overrides: { survivorship } });

describe('survivorship config', () => {
  it('defaults to every source ranking the same', () => {
    const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-surv-')) });
    expect(config.survivorship).toEqual({ priority: [], perEntity: {} });
    const policy = survivorshipOf(config);
    expect(policy.rank('person', 'street-office-dazhi')).toBe(0);
    expect(policy.rankSql('person', null as never)).toBeNull();
  });

  it('ranks by the first matching entry, highest first; unlisted sources rank lowest; per entity lists replace the default', () => {
    const policy = survivorshipOf(load({ priority: ['street-office-*', 'committee-api', '*-registry'], perEntity: { organization: ['social-org-registry'] } }));
    expect(policy.rank('person', 'street-office-dazhi')).toBe(3);
    expect(policy.rank('person', 'committee-api')).toBe(2);
    expect(policy.rank('person', 'social-org-registry')).toBe(1);
    expect(policy.rank('person', 'property-events')).toBe(0);
    // `*` is the only wildcard: a prefix of a listed id does not match
    expect(policy.rank('person', 'committee-api-2')).toBe(0);
    expect(policy.rank('organization', 'social-org-registry')).toBe(1);
    expect(policy.rank('organization', 'street-office-dazhi')).toBe(0);
  });

  it('names the bad field', () => {
    const bad = configError(() => load({ priority: ['Street_Office'] }));
    expect(bad.code).toBe('CONFIG_INVALID');
    expect(bad.message).toContain('survivorship.priority.0');
    expect(configError(() => load({ priority: ['a', 'a'] })).message).toContain('survivorship.priority: each source or pattern may be listed once');
    expect(configError(() => load({ priorty: ['a'] })).message).toContain('survivorship');
    const entity = configError(() => survivorshipOf(load({ perEntity: { persons: ['a'] } })));
    expect(entity.code).toBe('CONFIG_INVALID');
    expect(entity.message).toContain('survivorship.perEntity.persons: not a canonical entity');
  });
});
