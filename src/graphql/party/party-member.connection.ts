import { connectionType } from '../common/connection';
import { PartyMemberType } from './party-member.type';

/** A page of PartyMembers. */
export const PartyMemberConnection = connectionType(PartyMemberType, 'PartyMember', 'A page of party members (党员, L4).');
