import { change, RecordError, type CanonicalChange, type OrganizationRef } from '../../src/sdk/index';
import type { CommitteeAllianceMemberRecord } from './committee-api.records';
import { organizationKindOf } from './organization-refs';
import { stringId } from './read-stream';
import { arrayOf, assertNotMojibake, objectOf, requiredText, text } from './record-fields';

/** The platform's membership roles. */
const ROLES: Readonly<Record<string, 'LEAD' | 'MEMBER'>> = { 牵头单位: 'LEAD', 成员单位: 'MEMBER' };

/**
 * A unit the record names: by USCC when it has one, else by 备案编号, else by name within its
 * own area (the platform lists residents' committees by name only) or the alliance's.
 */
function unitRef(unit: Record<string, unknown>, allianceArea: string): OrganizationRef {
  const name = requiredText(unit.name, 'unit.name');
  const uscc = text(unit.uscc);
  const kind = organizationKindOf(name, uscc);
  if (uscc !== null) return { uscc, name, kind };
  const filingNo = text(unit.filing_no);
  const areaCode = text(unit.area_code) ?? allianceArea;
  return filingNo !== null ? { filingNo, name, kind, areaCode } : { name, kind, areaCode };
}

/**
 * An `alliance-members` record → the alliance (`organization` of kind `ALLIANCE`, with its area,
 * founding date and address), the member unit (`organization`, the kind guessed from its name as
 * everywhere: `inferOrganizationKind`) and the `allianceMember` change (role, 共建项目, period).
 * A role other than 牵头单位 / 成员单位 is `INVALID_VALUE`; a `left_on` of `null` clears an end.
 */
export function mapAllianceMemberRecord(record: CommitteeAllianceMemberRecord): CanonicalChange[] {
  const id = stringId(record.id);
  if (id === null) requiredText(null, 'id');
  const alliance = objectOf(record.alliance);
  const allianceName = requiredText(alliance.name, 'alliance.name');
  const allianceArea = requiredText(alliance.area_code, 'alliance.area_code');
  const unit = objectOf(record.unit);
  const roleLabel = text(record.role);
  const role = roleLabel === null ? undefined : ROLES[roleLabel];
  if (roleLabel !== null && role === undefined) throw new RecordError('INVALID_VALUE', `role: not one of ${Object.keys(ROLES).join(' / ')}`);
  const commitments = arrayOf(record.commitments)
    .map((c) => text(c))
    .filter((c): c is string => c !== null);
  assertNotMojibake([
    ['alliance.name', allianceName],
    ['unit.name', text(unit.name)],
    ...commitments.map((c, i) => [`commitments[${i}]`, c] as const),
  ]);

  const allianceRef: OrganizationRef = { name: allianceName, kind: 'ALLIANCE', areaCode: allianceArea };
  const member = unitRef(unit, allianceArea);
  return [
    change('organization', { ...allianceRef, foundedOn: text(alliance.founded_on), address: text(alliance.address) }),
    change('organization', member),
    change('allianceMember', {
      alliance: allianceRef,
      organization: member,
      ...(role === undefined ? {} : { role }),
      commitments,
      joinedOn: text(record.joined_on),
      leftOn: text(record.left_on),
    }),
  ];
}
