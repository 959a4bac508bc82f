import type { Selectable } from 'kysely';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { DutyItemTable } from '../../db/tables/case.table';
import { WORK_LIST_ROLE, type WorkListRole as DomainWorkListRole } from '../../governance/work-list';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type DutyItemRow = Selectable<DutyItemTable>;

/** 清单类型. */
export const DutyListType = { POWER: 'POWER', RESPONSIBILITY: 'RESPONSIBILITY', BASIC_DUTY: 'BASIC_DUTY', ASSIST_DUTY: 'ASSIST_DUTY', WITHDRAWN: 'WITHDRAWN' } as const;
export type DutyListType = (typeof DutyListType)[keyof typeof DutyListType];
registerEnumType(DutyListType, {
  name: 'DutyListType',
  description: 'Which list of a street\'s duties an item is on.',
  valuesConfig: {
    POWER: { description: '权力清单 list of powers' },
    RESPONSIBILITY: { description: '责任清单 list of responsibilities' },
    BASIC_DUTY: { description: '基本履职事项 basic duties' },
    ASSIST_DUTY: { description: '配合履职事项 duties assisting other departments' },
    WITHDRAWN: { description: '收回事项 duties taken back by the district' },
  },
});

/** How an item stands on a community's work list (src/governance/work-list.ts). */
export const WorkListRole = { PERFORM: 'PERFORM', ASSIST: 'ASSIST' } as const satisfies { [R in DomainWorkListRole]: R };
export type WorkListRole = DomainWorkListRole;
registerEnumType(WorkListRole, {
  name: 'WorkListRole',
  description: 'How a duty item stands on the community work list (社区工作事项清单) of its street\'s communities.',
  valuesConfig: {
    PERFORM: { description: '依法履职事项: the residents\' committee does it itself (BASIC_DUTY items).' },
    ASSIST: { description: '协助政府事项: the committee assists the responsible unit (ASSIST_DUTY items).' },
  },
});

/** 权力清单 / 责任清单 item. */
@ObjectType('DutyItem', { simpleResolvers: true, implements: Node, description: '权责清单事项 — an item on a street\'s list of powers and responsibilities; cases link to the item that obliges a unit.' })
export class DutyItemType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('DutyItem', this.rowId);
  }

  @Field(() => String, { description: 'Item code within its street\'s list.' })
  code!: string;

  @Field(() => String, { description: 'Name of the duty.' })
  name!: string;

  @Field(() => DutyListType, { description: 'List the item is on.' })
  listType!: DutyListType;

  @Field(() => WorkListRole, {
    nullable: true,
    description:
      'How the item stands on the community work list (社区工作事项清单) of every community of its street: PERFORM (BASIC_DUTY), ASSIST (ASSIST_DUTY), or null — not on it (the street\'s own POWER / RESPONSIBILITY items, WITHDRAWN items): a residents\' committee handling a case of such an item is a duty shift (转嫁责任).',
  })
  workListRole!: WorkListRole | null;

  @Field(() => String, { nullable: true, description: 'Category of power (职权类别), e.g. 行政检查.' })
  powerCategory!: string | null;

  @Field(() => String, { nullable: true, description: 'Legal basis (设定依据).' })
  basis!: string | null;

  @Field(() => String, { nullable: true, description: 'Responsible unit as written on the list (责任单位).' })
  responsibleUnit!: string | null;

  rowId!: string;
  streetId!: string;
}

export function toDutyItemType(row: DutyItemRow): DutyItemType {
  const t = new DutyItemType();
  t.rowId = row.id;
  t.code = row.code;
  t.name = row.name;
  t.listType = row.list_type;
  t.workListRole = WORK_LIST_ROLE[row.list_type];
  t.powerCategory = row.power_category;
  t.basis = row.basis;
  t.responsibleUnit = row.responsible_unit;
  t.streetId = row.street_id;
  return t;
}
