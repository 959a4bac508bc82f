import { Field, InputType } from 'type-graphql';
import { DutyListType } from './duty-item.type';

/** Filter of the `dutyItems` list. */
@InputType('DutyItemFilter', { description: 'Filter of duty-list items; all given conditions must hold.' })
export class DutyItemFilter {
  @Field(() => String, { nullable: true, description: 'Only items of the streets inside this area, or of the street containing it (6-, 9- or 12-digit code).' })
  area?: string | null;

  @Field(() => [DutyListType], { nullable: true, description: 'Only items on these lists.' })
  listType?: DutyListType[] | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, compared in normal form (names are stored as written): Traditional or Simplified, full- or half-width input finds either spelling.' })
  name?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only items on (true) or off (false) the community work list (社区工作事项清单: BASIC_DUTY and ASSIST_DUTY items, see `DutyItem.workListRole`). With a community as `area`: that community\'s work list (its street\'s items).',
  })
  onWorkList?: boolean | null;
}
