import type { EntitySpec, RowRef } from '../entity-spec';
import { optionalDate, organizationKey } from '../natural-keys';
import { rejectRecord } from '../record-rejection';
import { withinLimit } from '../text-limits';
import { asWritten } from '../../../domain/normalize';

/**
 * The key of a membership: the alliance's organisation key and the member's, joined. Built from
 * the references, so when the identity step re-keys either organisation (a name-only mention
 * found to be a registered unit) the membership is re-keyed with it (`keyFromRefs`).
 */
function membershipKey(alliance: string, member: string): string {
  return `${alliance}|${member}`;
}

/** 共建项目 as written: blanks and repeats dropped, the order kept. */
function commitmentsAsWritten(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of raw) {
    const text = asWritten(String(c ?? ''));
    if (text !== '' && !out.includes(text)) out.push(withinLimit(text, 'commitments', 'text'));
  }
  return out;
}

/**
 * 区域化党建联盟成员单位: a unit's membership of an alliance (an organisation of kind `ALLIANCE`),
 * keyed by the two organisations. Its commitments are the full list; `leftOn: null` clears an end.
 */
export const allianceMemberSpec: EntitySpec<'allianceMember'> = {
  entity: 'allianceMember',
  table: 'alliance_member',
  matchMethod: 'alliance-member',
  nullClears: ['left_on'],
  defaults: { role: 'MEMBER', commitments: [] },
  keyFromRefs: (refs) => membershipKey((refs.alliance_id as RowRef).key, (refs.organization_id as RowRef).key),
  prepare(d) {
    const alliance = organizationKey(d.alliance ?? { name: '' }, 'alliance').key;
    const member = organizationKey(d.organization ?? { name: '' }, 'organization').key;
    if (d.role !== undefined && d.role !== 'LEAD' && d.role !== 'MEMBER') throw rejectRecord('VALIDATE', 'INVALID_VALUE', 'role: not one of LEAD / MEMBER');
    return {
      naturalKey: membershipKey(alliance, member),
      columns: {
        role: d.role,
        commitments: d.commitments === undefined ? undefined : commitmentsAsWritten(d.commitments),
        joined_on: optionalDate(d.joinedOn, 'joinedOn'),
        left_on: d.leftOn === undefined ? undefined : (optionalDate(d.leftOn, 'leftOn') ?? null),
      },
      refs: {
        alliance_id: { entity: 'organization', key: alliance },
        organization_id: { entity: 'organization', key: member },
      },
    };
  },
};
