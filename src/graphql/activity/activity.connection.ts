import { connectionType } from '../common/connection';
import { ActivityType } from './activity.type';

/** A page of Activitys. */
export const ActivityConnection = connectionType(ActivityType, 'Activity', 'A page of activities (活动), latest first.');
