import { connectionType } from '../common/connection';
import { PropertyProjectType } from './property-project.type';

/** A page of PropertyProjects. */
export const PropertyProjectConnection = connectionType(PropertyProjectType, 'PropertyProject', 'A page of estates (小区).');
