import { connectionType } from '../common/connection';
import { AccessLogEntryType } from './access-log-entry.type';

/** A page of the access log, newest first. */
export const AccessLogConnection = connectionType(AccessLogEntryType, 'AccessLogEntry', 'A page of the access log, newest first.');
