import { describe, expect, it } from 'vitest';
import { normaliseGrant } from '../../../src/auth/grant';
import { isHuijuError } from '../../../src/errors';

const refused = (input: Parameters<typeof normaliseGrant>[0], field: string) => {
  try {
    normaliseGrant(input);
  } catch (err) {
    expect(isHuijuError(err, 'INVALID_GRANT')).toBe(true);
    expect((err as { details: { field: string } }).details.field).toBe(field);
    return (err as Error).message;
  }
  throw new Error('expected INVALID_GRANT');
};

describe('normaliseGrant (what tokens and API keys may grant)', () => {
  it('normalises area codes to 12 digits, sorted and de-duplicated', () => {
    const g = normaliseGrant({ role: 'STREET_STAFF', areas: ['420102002', '420102002000', '420102001'] });
    expect(g).toEqual({ role: 'STREET_STAFF', areaScope: ['420102001000', '420102002000'], orgId: null, operations: null });
    expect(normaliseGrant({ role: 'COMMUNITY_STAFF', areas: '420102002001' }).areaScope).toEqual(['420102002001']);
    expect(normaliseGrant({ role: 'ANALYST', areas: '420102' }).areaScope).toEqual(['420102000000']);
  });

  it('refuses unknown roles, a required scope left empty, a scope on a whole-store role, bad codes', () => {
    expect(refused({ role: 'ROOT' }, 'role')).toContain('COMMUNITY_STAFF');
    expect(refused({ role: 'admin' }, 'role')).toBeTruthy();
    refused({ role: 'GRID_WORKER' }, 'area');
    refused({ role: 'GRID_WORKER', areas: [] }, 'area');
    refused({ role: 'OPERATOR', areas: ['420102'] }, 'area');
    const msg = refused({ role: 'COMMUNITY_STAFF', areas: ['4201020020019'] }, 'area');
    expect(msg).not.toContain('4201020020019'); // values are not echoed
    refused({ role: 'COMMUNITY_STAFF', areas: [420102002001] }, 'area');
  });

  it('takes the whole store for ADMIN and ANALYST without areas', () => {
    expect(normaliseGrant({ role: 'ADMIN' }).areaScope).toEqual([]);
    expect(normaliseGrant({ role: 'AUDITOR' }).areaScope).toEqual([]);
  });

  it('needs ops for APP (list or comma-separated) and refuses them for other roles', () => {
    expect(normaliseGrant({ role: 'APP', areas: '420102', ops: 'StreetDashboard, GridHouseholds' }).operations).toEqual(['GridHouseholds', 'StreetDashboard']);
    expect(normaliseGrant({ role: 'APP', areas: '420102', ops: ['A'] }).operations).toEqual(['A']);
    refused({ role: 'APP', areas: '420102' }, 'ops');
    refused({ role: 'APP', areas: '420102', ops: ['not an operation'] }, 'ops');
    refused({ role: 'ADMIN', ops: ['A'] }, 'ops');
  });

  it('checks org as an organisation id (uuid)', () => {
    expect(normaliseGrant({ role: 'ADMIN', org: '0B4C1D2E-1111-4222-8333-944455556666' }).orgId).toBe('0b4c1d2e-1111-4222-8333-944455556666');
    refused({ role: 'ADMIN', org: 'street office' }, 'org');
  });
});
