import { connectionType } from '../common/connection';
import { AllianceMemberType } from './alliance-member.type';

/** A page of AllianceMembers. */
export const AllianceMemberConnection = connectionType(AllianceMemberType, 'AllianceMember', 'A page of alliance member units (区域化党建联盟成员单位).');
