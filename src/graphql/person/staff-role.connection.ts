import { connectionType } from '../common/connection';
import { StaffRoleType } from './staff-role.type';

/** A page of StaffRoles. */
export const StaffRoleConnection = connectionType(StaffRoleType, 'StaffRole', 'A page of staff roles (网格员 / 信息员 / 志愿者 / 楼栋长).');
