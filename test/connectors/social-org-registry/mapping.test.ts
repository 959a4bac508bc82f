import { beforeAll, describe, expect, it } from 'vitest';
import { change, RecordError, type CanonicalChange } from '../../../src/sdk';
import type { SocialOrgRecord } from '../../../connectors/social-org-registry/index';
import { organizations, readAll, registryConfig } from './support';

const config = registryConfig();
const map = (r: SocialOrgRecord): CanonicalChange[] => organizations.map(r, { config, sourceId: 'mzj' });
function reasonOf(r: SocialOrgRecord): string {
  try {
    map(r);
  } catch (err) {
    if (err instanceof RecordError) return err.code;
    throw err;
  }
  return 'OK';
}
const record = (row: Record<string, string>, knownNames?: string[]): SocialOrgRecord => ({ exportedAt: '2024-01-01T00:00:00+08:00', row, ...(knownNames ? { knownNames } : {}) });
const base = { 统一社会信用代码: '51420102MJ0001010Q', 社会组织名称: '江岸区志愿者协会', 社会组织类型: '社会团体', 登记状态: '正常' };

let byLine: Map<number, SocialOrgRecord>;
beforeAll(async () => {
  byLine = new Map();
  for (const m of await readAll(config)) {
    const p = m.type === 'record' ? (m.position as { file: string; line: number }) : null;
    if (m.type === 'record' && p!.file.endsWith('.csv')) byLine.set(p!.line, m.data as SocialOrgRecord);
  }
});

describe('organizations: map()', () => {
  it('maps a registered organisation (the legal representative is not stored)', () => {
    expect(map(byLine.get(2)!)).toEqual([
      change('organization', {
        kind: 'SOCIAL_ORG',
        uscc: '51420102MJ0001010Q',
        filingNo: null,
        name: '江岸区志愿者协会',
        status: 'ACTIVE',
        socialOrgType: '社会团体',
        registrationAuthority: '江岸区民政局',
        supervisor: '共青团武汉市江岸区委员会',
        foundedOn: '2015-06-01',
        address: '武汉市江岸区胜利街1号',
        areaCode: null,
      }),
    ]);
  });

  it('stores 民办非企业单位, 民非 and 社会服务机构 as one type, 社会服务机构', () => {
    expect([3, 4, 6].map((l) => (map(byLine.get(l)!)[0]!.data as { socialOrgType: string }).socialOrgType)).toEqual(['社会服务机构', '社会服务机构', '社会服务机构']);
  });

  it('maps 正常 / 注销 / 撤销 to ACTIVE / CANCELLED / REVOKED: cancelled ones stay, as cancelled', () => {
    expect([2, 4, 5].map((l) => (map(byLine.get(l)!)[0]!.data as { status: string }).status)).toEqual(['ACTIVE', 'CANCELLED', 'REVOKED']);
  });

  it('takes former names from 曾用名 and from earlier records, never the current name', () => {
    expect(map(byLine.get(3)!)[0]).toMatchObject({ data: { name: '江岸区阳光养老服务中心', formerNames: ['江岸区阳光敬老院'] } });
    expect(map(record({ ...base, 曾用名: '江岸区志愿者协会、江岸区青年志愿者协会' }, ['江岸区义工联合会']))[0]).toMatchObject({
      data: { formerNames: ['江岸区义工联合会', '江岸区青年志愿者协会'] },
    });
    expect(map(record(base))[0]!.data).not.toHaveProperty('formerNames');
  });

  it('passes a pilot USCC that fails its check, and a full-width one, on as given (the write path flags / normalises)', () => {
    expect(map(byLine.get(6)!)[0]).toMatchObject({ data: { uscc: '52420102MJ0001TGQX' } });
    expect(map(byLine.get(7)!)[0]).toMatchObject({ data: { uscc: '５１４２０１０２ＭＪ０００５０５４６', name: '江岸區書畫協會', socialOrgType: '社会团体' } });
    expect(reasonOf(byLine.get(8)!)).toBe('OK'); // a USCC with an O: the write path says INVALID_USCC_FORMAT
  });

  it('reads dates as registries write them: compact digits become YYYY-MM-DD, others go as given', () => {
    expect(map(byLine.get(4)!)[0]).toMatchObject({ data: { foundedOn: '2016-04-05', supervisor: null } });
    expect(map(byLine.get(5)!)[0]).toMatchObject({ data: { foundedOn: '2012年8月8日' } });
  });

  it('keys a filed community organisation by 备案编号, with its community as area; a place name is no area code', () => {
    expect(map(byLine.get(15)!)[0]).toMatchObject({ data: { uscc: null, filingNo: 'JA-DZ-BA-2023-001', socialOrgType: '社区社会组织', areaCode: '420102002001' } });
    expect(map(byLine.get(16)!)[0]).toMatchObject({ data: { areaCode: null } });
    expect(organizations.externalId(byLine.get(15)!)).toBe('organizations:filing:JA-DZ-BA-2023-001');
    expect(organizations.externalId(byLine.get(7)!)).toBe('organizations:uscc:51420102MJ00050546');
  });

  it('dead-letters a missing name, unknown type or status, no USCC and no 备案编号, mojibake in the address', () => {
    expect([9, 10, 11, 12, 14].map((l) => reasonOf(byLine.get(l)!))).toEqual(['MISSING_FIELD', 'INVALID_VALUE', 'INVALID_VALUE', 'MISSING_FIELD', 'MOJIBAKE']);
    expect(reasonOf(record({ ...base, 登记状态: '' }))).toBe('MISSING_FIELD');
  });

  it('versions a record by its file’s export time', () => {
    expect(organizations.version(byLine.get(2)!, '2030-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00+08:00');
  });
});
