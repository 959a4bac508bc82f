import { connectionType } from '../common/connection';
import { PartyOrgType } from './party-org.type';

/** A page of PartyOrgs. */
export const PartyOrgConnection = connectionType(PartyOrgType, 'PartyOrg', 'A page of party organisations (党组织).');
