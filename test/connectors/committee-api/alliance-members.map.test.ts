import { describe, expect, it } from 'vitest';
import { mapAllianceMemberRecord } from '../../../connectors/committee-api/alliance-members.mapping';
import type { CommitteeAllianceMemberRecord } from '../../../connectors/committee-api/committee-api.records';
import { RecordError } from '../../../src/sdk/index';

const ALLIANCE = { name: '振康社区区域化党建联盟', area_code: '420102002002', founded_on: '2021-05-12', address: '振康社区党群服务中心' };

function record(overrides: Partial<CommitteeAllianceMemberRecord> = {}): CommitteeAllianceMemberRecord {
  return {
    id: 'ALM-420102002002-02',
    alliance: ALLIANCE,
    unit: { name: '武汉市第一医院', uscc: '12420100441361212N' },
    role: '成员单位',
    commitments: ['开放单位停车场错时共享', ' 开放单位停车场错时共享', '提供会议室作为居民活动场地'],
    joined_on: '2022-08-23',
    left_on: null,
    updated_at: '2026-10-01T09:00:00+08:00',
    ...overrides,
  };
}

describe('committee-api alliance-members → allianceMember', () => {
  it('maps the alliance (kind ALLIANCE, by name in its area), the unit by USCC and the membership', () => {
    const [alliance, unit, member] = mapAllianceMemberRecord(record());
    expect(alliance).toEqual({ entity: 'organization', data: { name: ALLIANCE.name, kind: 'ALLIANCE', areaCode: ALLIANCE.area_code, foundedOn: '2021-05-12', address: '振康社区党群服务中心' } });
    expect(unit).toEqual({ entity: 'organization', data: { uscc: '12420100441361212N', name: '武汉市第一医院', kind: 'OTHER' } });
    expect(member).toEqual({
      entity: 'allianceMember',
      data: {
        alliance: { name: ALLIANCE.name, kind: 'ALLIANCE', areaCode: ALLIANCE.area_code },
        organization: { uscc: '12420100441361212N', name: '武汉市第一医院', kind: 'OTHER' },
        role: 'MEMBER',
        commitments: ['开放单位停车场错时共享', '开放单位停车场错时共享', '提供会议室作为居民活动场地'],
        joinedOn: '2022-08-23',
        leftOn: null,
      },
    });
  });

  it('names a unit without a USCC by its filing number, else by its name within its own area or the alliance’s', () => {
    const filed = mapAllianceMemberRecord(record({ unit: { name: '振康社区邻里互助会', filing_no: '江岸大智社备〔2020〕00201号', area_code: '420102002002' } }))[1]!;
    expect(filed.data).toEqual({ filingNo: '江岸大智社备〔2020〕00201号', name: '振康社区邻里互助会', kind: 'OTHER', areaCode: '420102002002' });
    const rc = mapAllianceMemberRecord(record({ role: '牵头单位', unit: { name: '武汉市江岸区大智街道振康社区居民委员会', area_code: '420102002002' } }));
    expect(rc[1]!.data).toEqual({ name: '武汉市江岸区大智街道振康社区居民委员会', kind: 'RESIDENTS_COMMITTEE', areaCode: '420102002002' });
    expect((rc[2]!.data as { role: string }).role).toBe('LEAD');
    const bare = mapAllianceMemberRecord(record({ unit: { name: '某某商会' } }))[1]!;
    expect(bare.data).toMatchObject({ name: '某某商会', areaCode: ALLIANCE.area_code });
  });

  it('dead-letters an unknown role, a missing alliance or unit name, and garbled text', () => {
    const reason = (r: CommitteeAllianceMemberRecord) => {
      try {
        mapAllianceMemberRecord(r);
        return null;
      } catch (err) {
        return err instanceof RecordError ? err.code : String(err);
      }
    };
    expect(reason(record({ role: '副主任单位' }))).toBe('INVALID_VALUE');
    expect(reason(record({ alliance: { ...ALLIANCE, name: ' ' } }))).toBe('MISSING_FIELD');
    expect(reason(record({ alliance: { ...ALLIANCE, area_code: null } }))).toBe('MISSING_FIELD');
    expect(reason(record({ unit: { uscc: '12420100441361212N' } }))).toBe('MISSING_FIELD');
    expect(reason(record({ commitments: ['å¼€æ”¾å\u008d•ä½\u008d'] }))).toBe('MOJIBAKE');
    // a membership without a role says nothing about it (a new one is MEMBER)
    expect(mapAllianceMemberRecord(record({ role: null }))[2]!.data).not.toHaveProperty('role');
  });
});
