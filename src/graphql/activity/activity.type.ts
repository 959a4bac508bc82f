import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { ActivityTable } from '../../db/tables/activity.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type ActivityRow = Selectable<ActivityTable>;

/** 党建活动 / 联席会议 / 志愿服务 / 议事协商. */
@ObjectType('Activity', { simpleResolvers: true, implements: Node, description: '党建活动 / 联席会议 / 志愿服务 — an activity with its organisers and participants (attendance is L2).' })
export class ActivityType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Activity', this.rowId);
  }

  @Field(() => String, { description: 'Type of activity, e.g. 志愿服务, 联席会议.' })
  type!: string;

  @Field(() => String, { description: 'Title.' })
  title!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Start.' })
  startAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'End.' })
  endAt!: Date | null;

  rowId!: string;
  areaId!: string | null;
}

export function toActivityType(row: ActivityRow): ActivityType {
  const t = new ActivityType();
  t.rowId = row.id;
  t.type = row.type;
  t.title = row.title;
  t.startAt = row.start_at;
  t.endAt = row.end_at;
  t.areaId = row.area_id;
  return t;
}
