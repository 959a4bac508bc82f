import type { EntitySpec } from '../entity-spec';
import { areaKey, codeKey, optionalInstant, organizationKey, personKey, personRefKey, requiredLabel, requiredText } from '../natural-keys';

/**
 * 党建活动 / 联席会议 / 志愿服务, keyed by its source key; organisers and participants replaced as sets.
 * A participant is named by ID number or by name + mobile; one with neither is `MISSING_FIELD`.
 *
 * A participant's `hours` are the volunteer service record (志愿服务时长): stored as the source
 * says them, whatever the activity's type — a volunteer service, a party day of service, or any
 * other activity where the source recorded hours served. A participation without hours (attending
 * a meeting) stays `null`: hours are never derived from the type or the activity's duration. The
 * same person listed twice in one activity gets the sum of the hours said.
 */
export const activitySpec: EntitySpec<'activity'> = {
  entity: 'activity',
  table: 'activity',
  matchMethod: 'activity-key',
  prepare(d, { vault }) {
    const organizers = [...new Set((d.organizers ?? []).map((o) => organizationKey(o, 'organizers').key))];
    const participants = new Map<string, number | null>();
    for (const p of d.participants ?? []) {
      const key = p.personIdNumber
        ? personKey(p.personIdNumber, vault, 'participants.personIdNumber').key
        : (p.person ? personRefKey(p.person, vault, 'participants.person') : null) ?? personKey(p.personIdNumber, vault, 'participants.personIdNumber').key;
      // hours are a service record: none said stays none (attendance), never a guessed 0
      const hours = p.hours === null || p.hours === undefined ? null : p.hours;
      const before = participants.get(key);
      participants.set(key, before === undefined || before === null ? hours : hours === null ? before : before + hours);
    }
    return {
      naturalKey: codeKey(d.key, 'key'),
      columns: {
        // the type is a vocabulary (counted by); the title is display text, kept as written
        type: requiredLabel(d.type, 'type'),
        title: requiredText(d.title, 'title'),
        start_at: optionalInstant(d.startAt, 'startAt'),
        end_at: optionalInstant(d.endAt, 'endAt'),
      },
      refs: { area_id: d.areaCode ? { entity: 'adminArea', key: areaKey(d.areaCode) } : null },
      children: [
        {
          table: 'activity_organizer',
          parentColumn: 'activity_id',
          rows: organizers.map((key) => ({ columns: {}, refs: { organization_id: { entity: 'organization', key } } })),
        },
        {
          table: 'activity_participant',
          parentColumn: 'activity_id',
          rows: [...participants.entries()].map(([key, hours]) => ({ columns: { hours }, refs: { person_id: { entity: 'person', key } } })),
        },
      ],
    };
  },
};
