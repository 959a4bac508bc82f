import { connectionType } from '../common/connection';
import { AdminAreaType } from './admin-area.type';

/** A page of AdminAreas. */
export const AdminAreaConnection = connectionType(AdminAreaType, 'AdminArea', 'A page of administrative areas (行政区划).');
