import { connectionType } from '../common/connection';
import { DeadLetterType } from './dead-letter.type';
import { SyncRunType } from './sync-run.type';

/** A page of dead letters, newest first. */
export const DeadLetterConnection = connectionType(DeadLetterType, 'DeadLetter', 'A page of dead letters, newest first.');

/** A page of sync runs, newest first. */
export const SyncRunConnection = connectionType(SyncRunType, 'SyncRun', 'A page of sync runs, newest first.');
