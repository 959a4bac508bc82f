import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { CaseEventTable } from '../../db/tables/case.table';
import { maskFreeText } from '../../domain/masking';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { CaseStatus } from './case.enums';

export type CaseEventRow = Selectable<CaseEventTable>;

/** One transition of a case. */
@ObjectType('CaseEvent', { simpleResolvers: true, implements: Node, description: 'One step in a case\'s history (流转记录): a transition from one status to the next.' })
export class CaseEventType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('CaseEvent', this.rowId);
  }

  @Field(() => Int, { description: 'Position in the case\'s history, from 1.' })
  seq!: number;

  @Field(() => CaseStatus, { nullable: true, description: 'Status before; null for the first event.' })
  fromStatus!: CaseStatus | null;

  @Field(() => CaseStatus, { description: 'Status after.' })
  toStatus!: CaseStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Reason or note; ID-number and mobile patterns masked.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'The status as the source wrote it (e.g. 处理中).' })
  rawStatus!: string | null;

  @Field(() => Boolean, { description: 'A step the source skipped and the hub inferred.' })
  inferred!: boolean;

  @Field(() => Boolean, { description: 'Recorded by a move in the hub (a case-flow mutation or the overdue escalation), not by a source system. Such steps stay when a source sends a newer version of the case.' })
  byHub!: boolean;

  rowId!: string;
  caseId!: string;
  actorOrgId!: string | null;
}

export function toCaseEventType(row: CaseEventRow): CaseEventType {
  const t = new CaseEventType();
  t.rowId = row.id;
  t.seq = row.seq;
  t.fromStatus = row.from_status as CaseStatus | null;
  t.toStatus = row.to_status as CaseStatus;
  t.at = row.at;
  t.reason = row.reason === null ? null : maskFreeText(row.reason);
  t.rawStatus = row.raw_status;
  t.inferred = row.inferred;
  t.byHub = row.origin === 'HUB';
  t.caseId = row.case_id;
  t.actorOrgId = row.actor_org_id;
  return t;
}
