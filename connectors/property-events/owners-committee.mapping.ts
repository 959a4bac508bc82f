import { change, type CanonicalChange } from '../../src/sdk/index';
import type { PropertyEvent } from './cloud-event';
import { requiredText } from './record-fields';

/**
 * `property.owners_committee.filed` → the owners' committee (业主委员会) as an organization of
 * kind OWNERS_COMMITTEE, keyed by its 备案编号 (`filing_no`), named `<project_code>业主委员会`
 * (the event names the project only by its code).
 *
 * Not stored: the members (names without ID numbers cannot be matched to people, and
 * `is_party_member` is political identity, L4), the term (`term_from`/`term_to`: owners'
 * committee terms come later in the canonical model) and the area (the event does not carry the
 * community; the canonical organization has no link to a project yet).
 *
 * Required: `filing_no`, `project_code` (else `MISSING_FIELD`).
 */
export function mapOwnersCommitteeFiled(event: PropertyEvent): CanonicalChange[] {
  const d = event.data;
  const filingNo = requiredText(d.filing_no, 'data.filing_no');
  const projectCode = requiredText(d.project_code, 'data.project_code');
  return [change('organization', { kind: 'OWNERS_COMMITTEE', filingNo, name: `${projectCode}业主委员会` })];
}
