import { connectionType } from '../common/connection';
import { DwellingType } from './dwelling.type';

/** A page of Dwellings. */
export const DwellingConnection = connectionType(DwellingType, 'Dwelling', 'A page of dwellings (房屋).');
