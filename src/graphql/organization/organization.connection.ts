import { connectionType } from '../common/connection';
import { OrganizationType } from './organization.type';

/** A page of Organizations. */
export const OrganizationConnection = connectionType(OrganizationType, 'Organization', 'A page of organisations (单位 / 组织).');
