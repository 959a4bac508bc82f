import { connectionType } from '../common/connection';
import { PersonType } from './person.type';

/** A page of Persons. */
export const PersonConnection = connectionType(PersonType, 'Person', 'A page of persons (居民), masked.');
