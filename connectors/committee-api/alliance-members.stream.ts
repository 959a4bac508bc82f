import { defineStream } from '../../src/sdk/index';
import { mapAllianceMemberRecord } from './alliance-members.mapping';
import type { CommitteeApiConfig } from './committee-api.config';
import type { CommitteeAllianceMemberRecord } from './committee-api.records';
import { readCommitteeStream, recordVersion, stringId } from './read-stream';

/** 区域化党建联盟成员单位: `GET /v1/alliance-members`, keyed by `id`, incremental on `updated_at`. */
export const allianceMembersStream = defineStream<CommitteeApiConfig, CommitteeAllianceMemberRecord>({
  name: 'alliance-members',
  description: 'Member units of the regional party-building alliances (区域化党建联盟) with their joint-building commitments',
  primaryKey: ['id'],
  // organisations only (L1): no person is named
  personalFields: {},
  cursorField: 'updated_at',
  read: (ctx, cursor) => readCommitteeStream(ctx, cursor, { path: 'alliance-members', idOf: (r) => stringId(r.id) }),
  externalId: (r) => stringId(r.id) ?? '',
  version: recordVersion,
  map: (r) => mapAllianceMemberRecord(r),
});
