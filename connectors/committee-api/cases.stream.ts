import { defineStream } from '../../src/sdk/index';
import { mapCaseRecord } from './cases.mapping';
import type { CommitteeApiConfig } from './committee-api.config';
import type { CommitteeCaseRecord } from './committee-api.records';
import { readCommitteeStream, recordVersion, stringId } from './read-stream';

/** 诉求 / 工单: `GET /v1/cases`, keyed by `ticket_no`, incremental on `updated_at`. */
export const casesStream = defineStream<CommitteeApiConfig, CommitteeCaseRecord>({
  name: 'cases',
  description: "Residents' requests and 12345 tickets with their handling history (诉求 / 工单)",
  primaryKey: ['ticket_no'],
  // handling units and history actors are organisations (L1); title, content and notes are free text
  personalFields: { name: ['reporter.name'], idNumber: ['reporter.id_number'], mobile: ['reporter.phone'], address: ['location.address'] },
  cursorField: 'updated_at',
  read: (ctx, cursor) => readCommitteeStream(ctx, cursor, { path: 'cases', idOf: (r) => stringId(r.ticket_no) }),
  externalId: (r) => stringId(r.ticket_no) ?? '',
  version: recordVersion,
  map: (r) => mapCaseRecord(r),
});
