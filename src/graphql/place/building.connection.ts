import { connectionType } from '../common/connection';
import { BuildingType } from './building.type';

/** A page of Buildings. */
export const BuildingConnection = connectionType(BuildingType, 'Building', 'A page of buildings (楼栋).');
