import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import { caseRulesOf } from '../../../src/flow/case-rules';
import { DEFAULT_TIME_LIMITS, timeLimitOf } from '../../../src/flow/time-limits';
import { configError } from '../../support/config-error';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'huiju-case-rules-'));

describe('config cases', () => {
  it('defaults to the 12345 limits and no duty-item mapping', () => {
    const rules = caseRulesOf(loadConfig({ env: {}, cwd: emptyDir() }));
    expect(rules.timeLimits).toEqual(DEFAULT_TIME_LIMITS);
    expect(rules.dutyItems).toEqual({});
  });

  it('takes limits per appeal type and repair category, keeping the defaults of the rest', () => {
    const config = loadConfig({
      env: {},
      cwd: emptyDir(),
      overrides: { cases: { timeLimits: { appealTypes: { 建议: 10 }, repairCategories: { 水电: { hours: 24 } } }, dutyItems: { 环境卫生: '420102002-JC-003' } } },
    });
    const rules = caseRulesOf(config);
    expect(rules.timeLimits.defaultWorkingDays).toBe(13);
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '建议' }, rules.timeLimits)).toEqual({ workingDays: 10 });
    // a configured map adds to the defaults
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '咨询' }, rules.timeLimits)).toEqual({ workingDays: 3 });
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '投诉' }, rules.timeLimits)).toEqual({ workingDays: 13 });
    expect(timeLimitOf({ kind: 'REPAIR', category: '水电' }, rules.timeLimits)).toEqual({ hours: 24 });
    expect(rules.dutyItems).toEqual({ 环境卫生: '420102002-JC-003' });
    expect(caseRulesOf(config)).toBe(rules);
  });

  it('refuses a repair limit that is neither hours nor working days, naming the field', () => {
    const err = configError(() => loadConfig({ env: {}, cwd: emptyDir(), overrides: { cases: { timeLimits: { repairCategories: { 水电: { days: 2 } } } } } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('cases.timeLimits.repairCategories');
  });
});
