import { connectionType } from '../common/connection';
import { GridType } from './grid.type';

/** A page of Grids. */
export const GridConnection = connectionType(GridType, 'Grid', 'A page of grids (网格).');
