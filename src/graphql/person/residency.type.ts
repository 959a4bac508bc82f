import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { ResidencyTable } from '../../db/tables/people.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { ResidencyCategory } from './person.enums';

export type ResidencyRow = Selectable<ResidencyTable>;

/** A person's membership of a household over a period. */
@ObjectType('Residency', { simpleResolvers: true, implements: Node, description: 'A person\'s membership of a household over a period (户籍人口 / 流动人口).' })
export class ResidencyType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Residency', this.rowId);
  }

  @Field(() => String, { nullable: true, description: 'Relation to the head of household (与户主关系).' })
  relation!: string | null;

  @Field(() => ResidencyCategory, { description: 'Registered (户籍) or floating (流动).' })
  category!: ResidencyCategory;

  @Field(() => String, { nullable: true, description: 'Start date (YYYY-MM-DD).' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'End date (YYYY-MM-DD); null while current.' })
  validTo!: string | null;

  rowId!: string;
  personId!: string;
  householdId!: string;
}

export function toResidencyType(row: ResidencyRow): ResidencyType {
  const t = new ResidencyType();
  t.rowId = row.id;
  t.relation = row.relation;
  t.category = row.category;
  t.validFrom = row.valid_from;
  t.validTo = row.valid_to;
  t.personId = row.person_id;
  t.householdId = row.household_id;
  return t;
}
