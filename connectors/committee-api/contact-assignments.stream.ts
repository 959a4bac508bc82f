import { defineStream } from '../../src/sdk/index';
import type { CommitteeApiConfig } from './committee-api.config';
import type { CommitteeContactAssignmentRecord } from './committee-api.records';
import { mapContactAssignmentRecord } from './contact-assignments.mapping';
import { readCommitteeStream, recordVersion, stringId } from './read-stream';

/** 党员包片联户: `GET /v1/contact-assignments`, keyed by `id`, incremental on `updated_at`. */
export const contactAssignmentsStream = defineStream<CommitteeApiConfig, CommitteeContactAssignmentRecord>({
  name: 'contact-assignments',
  description: "Party members' assigned households in a grid (党员包片联户)",
  primaryKey: ['id'],
  // the party member; `party_org` is an organisation and the households are 户号 (no person)
  personalFields: { name: ['member.name'], idNumber: ['member.id_number'] },
  cursorField: 'updated_at',
  read: (ctx, cursor) => readCommitteeStream(ctx, cursor, { path: 'contact-assignments', idOf: (r) => stringId(r.id) }),
  externalId: (r) => stringId(r.id) ?? '',
  version: recordVersion,
  map: (r) => mapContactAssignmentRecord(r),
});
