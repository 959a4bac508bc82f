import { connectionType } from '../common/connection';
import { CaseType } from './case.type';

/** A page of Cases. */
export const CaseConnection = connectionType(CaseType, 'Case', 'A page of cases (诉求 / 工单), newest first.');
