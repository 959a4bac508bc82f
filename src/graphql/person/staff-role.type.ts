import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { StaffRoleTable } from '../../db/tables/people.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { StaffRoleKind, StaffScope } from './person.enums';

export type StaffRoleRow = Selectable<StaffRoleTable>;

/** 网格员 / 信息员 / 志愿者 / 楼栋长: a person in a role over a scope and period. */
@ObjectType('StaffRole', { simpleResolvers: true, implements: Node, description: '网格员 / 信息员 / 志愿者 / 楼栋长 — a person holding a role over a grid, community or street for a period.' })
export class StaffRoleType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('StaffRole', this.rowId);
  }

  @Field(() => StaffRoleKind, { description: 'The role.' })
  role!: StaffRoleKind;

  @Field(() => StaffScope, { description: 'What the role covers.' })
  scope!: StaffScope;

  @Field(() => String, { nullable: true, description: 'Start date (YYYY-MM-DD).' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'End date (YYYY-MM-DD); null while current.' })
  validTo!: string | null;

  rowId!: string;
  personId!: string;
  areaId!: string | null;
  gridId!: string | null;
}

export function toStaffRoleType(row: StaffRoleRow): StaffRoleType {
  const t = new StaffRoleType();
  t.rowId = row.id;
  t.role = row.role;
  t.scope = row.scope;
  t.validFrom = row.valid_from;
  t.validTo = row.valid_to;
  t.personId = row.person_id;
  t.areaId = row.area_id;
  t.gridId = row.grid_id;
  return t;
}
