import { change, type CanonicalChange } from '../../src/sdk/index';
import type { CommitteeContactAssignmentRecord } from './committee-api.records';
import { stringId } from './read-stream';
import { arrayOf, objectOf, requiredText, text } from './record-fields';

/**
 * A `contact-assignments` record → one `contactAssignment` change: the member by ID number, the
 * grid, the households by 户号, the period.
 *
 * No `partyMember` (or `person`) change comes with it. The platform names the party
 * organisation only by `party_org` name, while party organisations are keyed by code; and it
 * does not say whether the member is full or probationary, which a `partyMember` change must
 * state (and would overwrite). Membership belongs to the party roster: an assignment whose member
 * the hub does not know yet is dead-lettered by the write path as `UNRESOLVED_REFERENCE` and can
 * be replayed once the roster is loaded. `party_org` stays in the raw record (lineage).
 */
export function mapContactAssignmentRecord(record: CommitteeContactAssignmentRecord): CanonicalChange[] {
  const id = stringId(record.id);
  if (id === null) requiredText(null, 'id');
  const member = objectOf(record.member);
  const households = arrayOf(record.households)
    .map((h) => text(h))
    .filter((h): h is string => h !== null);
  return [
    change('contactAssignment', {
      key: id!,
      memberIdNumber: requiredText(member.id_number, 'member.id_number'),
      gridCode: text(record.grid_code),
      householdNos: households,
      validFrom: text(record.valid_from),
      validTo: text(record.valid_to),
    }),
  ];
}
