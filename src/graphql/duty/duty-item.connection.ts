import { connectionType } from '../common/connection';
import { DutyItemType } from './duty-item.type';

/** A page of DutyItems. */
export const DutyItemConnection = connectionType(DutyItemType, 'DutyItem', 'A page of duty-list items (权责清单事项).');
