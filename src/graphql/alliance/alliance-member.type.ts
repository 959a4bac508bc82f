import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { AllianceMemberTable } from '../../db/tables/organization.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { AllianceRole } from './alliance.enums';

/** A membership row as the repository reads it: `current` computed in SQL on China's calendar. */
export type AllianceMemberRow = Selectable<AllianceMemberTable> & { current: boolean };

/** 区域化党建联盟成员单位 (L1: which units build together is public). */
@ObjectType('AllianceMember', {
  simpleResolvers: true,
  implements: Node,
  description: '区域化党建联盟成员单位 — a unit\'s membership of a regional party-building alliance, with its 共建项目. Public (L1).',
})
export class AllianceMemberType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('AllianceMember', this.rowId);
  }

  @Field(() => AllianceRole, { description: 'LEAD (牵头单位) or MEMBER.' })
  role!: AllianceRole;

  @Field(() => [String], { description: '共建项目: what the unit committed to, as the source wrote it.' })
  commitments!: string[];

  @Field(() => String, { nullable: true, description: 'Joined (YYYY-MM-DD).' })
  joinedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Left (YYYY-MM-DD); null while a member.' })
  leftOn!: string | null;

  @Field(() => Boolean, { description: 'A member today (China time): joined (or no date known) and not left.' })
  current!: boolean;

  rowId!: string;
  allianceId!: string;
  organizationId!: string;
}

/** Maps an `alliance_member` row. */
export function toAllianceMemberType(row: AllianceMemberRow): AllianceMemberType {
  const t = new AllianceMemberType();
  t.rowId = row.id;
  t.role = row.role;
  t.commitments = row.commitments;
  t.joinedOn = row.joined_on;
  t.leftOn = row.left_on;
  t.current = row.current;
  t.allianceId = row.alliance_id;
  t.organizationId = row.organization_id;
  return t;
}
