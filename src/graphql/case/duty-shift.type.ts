import { Field, GraphQLISODateTime, ObjectType, registerEnumType } from 'type-graphql';
import { type DutyShiftReason as DomainDutyShiftReason, dutyShiftReasonOf } from '../../governance/duty-shift';
import { DutyListType } from '../duty/duty-item.type';
import type { HandlerRole } from './case.enums';
import type { DutyShiftRow } from './duty-shift.repository';

/** Why a duty-shifted case's item is not the committee's (src/governance/duty-shift.ts). */
export const DutyShiftReason = { STREET_DUTY: 'STREET_DUTY', WITHDRAWN_DUTY: 'WITHDRAWN_DUTY' } as const satisfies { [R in DomainDutyShiftReason]: R };
export type DutyShiftReason = DomainDutyShiftReason;
registerEnumType(DutyShiftReason, {
  name: 'DutyShiftReason',
  description: 'Why the duty item of a duty-shifted case (转嫁责任) is not the residents\' committee\'s.',
  valuesConfig: {
    STREET_DUTY: { description: 'The item is on the street\'s own 权力清单 or 责任清单: the street\'s duty, not on the community work list.' },
    WITHDRAWN_DUTY: { description: 'The item was withdrawn (收回事项): nobody\'s to push down.' },
  },
});

/**
 * 转嫁责任: a case's duty item is not on the community work list and a residents' committee
 * handles it. Read class `cases` (as the case); its organisations and duty item are public.
 */
@ObjectType('DutyShift', {
  simpleResolvers: true,
  description:
    '转嫁责任 — why a case counts as a duty pushed down onto a residents\' committee: its duty item is not on the community work list (社区工作事项清单) and a residents\' committee handles it (主办 or 协办). Computed from the current handlers, duty item and list type.',
})
export class DutyShiftType {
  @Field(() => DutyShiftReason, { description: 'Why the item is not the committee\'s.' })
  reason!: DutyShiftReason;

  @Field(() => DutyListType, { description: 'The list the case\'s duty item is on (POWER, RESPONSIBILITY or WITHDRAWN).' })
  listType!: DutyListType;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the case was dispatched last (the latest step into DISPATCHED); null when it never was (e.g. a committee took it up itself).' })
  dispatchedAt!: Date | null;

  caseRowId!: string;
  dutyItemId!: string;
  dispatcherId!: string | null;
  committees!: { id: string; role: HandlerRole }[];
}

/** Maps a shifted case's row; null when the case is not duty-shifted. */
export function toDutyShiftType(row: DutyShiftRow): DutyShiftType | null {
  const reason = row.list_type === null ? null : dutyShiftReasonOf(row.list_type);
  if (!row.shifted || row.duty_item_id === null || row.list_type === null || reason === null) return null;
  const t = new DutyShiftType();
  t.caseRowId = row.case_id;
  t.reason = reason;
  t.listType = row.list_type;
  t.dispatchedAt = row.dispatched_at;
  t.dutyItemId = row.duty_item_id;
  t.dispatcherId = row.dispatcher_id;
  t.committees = row.committees;
  return t;
}
