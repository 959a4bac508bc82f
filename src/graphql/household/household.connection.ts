import { connectionType } from '../common/connection';
import { HouseholdType } from './household.type';

/** A page of Households. */
export const HouseholdConnection = connectionType(HouseholdType, 'Household', 'A page of households (户).');
