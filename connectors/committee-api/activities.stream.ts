import { defineStream } from '../../src/sdk/index';
import { mapActivityRecord } from './activities.mapping';
import type { CommitteeApiConfig } from './committee-api.config';
import type { CommitteeActivityRecord } from './committee-api.records';
import { readCommitteeStream, recordVersion, stringId } from './read-stream';

/** 党建活动 / 联席会议 / 志愿服务 / 议事协商: `GET /v1/activities`, keyed by `id`, incremental on `updated_at`. */
export const activitiesStream = defineStream<CommitteeApiConfig, CommitteeActivityRecord>({
  name: 'activities',
  description: 'Party-building activities, joint meetings, volunteer services and consultations, with participants',
  primaryKey: ['id'],
  // participants (volunteers, attendees) are people; the organiser is an organisation (L1)
  personalFields: { name: ['participants.name'], idNumber: ['participants.id_number'], mobile: ['participants.phone'] },
  cursorField: 'updated_at',
  read: (ctx, cursor) => readCommitteeStream(ctx, cursor, { path: 'activities', idOf: (r) => stringId(r.id) }),
  externalId: (r) => stringId(r.id) ?? '',
  version: recordVersion,
  map: (r) => mapActivityRecord(r),
});
