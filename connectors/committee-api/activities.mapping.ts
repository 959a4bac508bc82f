import { change, type CanonicalChange } from '../../src/sdk/index';
import type { CommitteeActivityRecord } from './committee-api.records';
import { organizationOf } from './organization-refs';
import { stringId } from './read-stream';
import { arrayOf, assertNotMojibake, hoursOf, objectOf, requiredText, text } from './record-fields';

/**
 * An `activities` record → the `activity` change (organiser, participants with their hours), an
 * `organization` change for the organiser, and a `person` change per participant with an ID
 * number (name, phone) or, without one, with a name and a phone (the hub matches them to a known
 * person or creates one). Participants with neither are left out; the raw record keeps them.
 */
export function mapActivityRecord(record: CommitteeActivityRecord): CanonicalChange[] {
  const id = stringId(record.id);
  if (id === null) requiredText(null, 'id');
  const type = requiredText(record.type, 'type');
  const title = requiredText(record.title, 'title');
  const communityCode = text(record.community_code);
  const organizer = objectOf(record.organizer);
  const organizerName = text(organizer.name);
  const participants = arrayOf(record.participants).map((raw) => {
    const p = objectOf(raw);
    return { name: text(p.name), idNumber: text(p.id_number), phone: text(p.phone), hours: hoursOf(p.hours) };
  });
  assertNotMojibake([
    ['type', type],
    ['title', title],
    ['organizer.name', organizerName],
    ...participants.map((p, i) => [`participants[${i}].name`, p.name] as const),
  ]);

  const changes: CanonicalChange[] = [];
  const org = organizerName === null ? null : organizationOf(organizerName, text(organizer.uscc), communityCode);
  if (org) changes.push(org.change);
  // with an ID number, or without one by name + phone (the hub matches them); others are left out
  const linkable = participants.filter((p) => p.idNumber !== null || (p.name !== null && p.phone !== null));
  for (const p of linkable) if (p.name !== null) changes.push(change('person', { idNumber: p.idNumber, name: p.name, mobile: p.phone }));
  changes.push(
    change('activity', {
      key: id!,
      type,
      title,
      areaCode: communityCode,
      startAt: text(record.start_at),
      endAt: text(record.end_at),
      organizers: org ? [org.ref] : [],
      participants: linkable.map((p) => (p.idNumber !== null ? { personIdNumber: p.idNumber, hours: p.hours } : { person: { name: p.name, mobile: p.phone }, hours: p.hours })),
    }),
  );
  return changes;
}
