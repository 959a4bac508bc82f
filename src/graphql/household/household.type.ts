import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { HouseholdTable } from '../../db/tables/people.table';
import type { ColumnPlan } from '../common/columns';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { HouseholdKind } from './household.enums';

export type HouseholdRow = Selectable<HouseholdTable>;

/** 户. */
@ObjectType('Household', { simpleResolvers: true, implements: Node, description: '户 — a household; its members are its residents (via residencies).' })
export class HouseholdType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Household', this.rowId);
  }

  @Field(() => String, { description: 'Household number (户号).' })
  householdNo!: string;

  @Field(() => HouseholdKind, { description: 'Registered (户籍户) or resident (居住户) household.' })
  kind!: HouseholdKind;

  rowId!: string;
  dwellingId!: string | null;
  gridId!: string | null;
  communityId!: string | null;
}

/** The `household` columns each field reads (common/columns.ts); fields not listed read every column. */
export const HOUSEHOLD_COLUMNS: ColumnPlan = {
  always: ['id'],
  fields: { id: [], householdNo: ['household_no'], kind: ['kind'], residents: [], dwelling: ['dwelling_id'], grid: ['grid_id'], community: ['community_id'], sources: [], provenance: [] },
};

export function toHouseholdType(row: HouseholdRow): HouseholdType {
  const t = new HouseholdType();
  t.rowId = row.id;
  t.householdNo = row.household_no;
  t.kind = row.kind;
  t.dwellingId = row.dwelling_id;
  t.gridId = row.grid_id;
  t.communityId = row.community_id;
  return t;
}
