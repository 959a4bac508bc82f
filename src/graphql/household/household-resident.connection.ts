import { Field, ObjectType } from 'type-graphql';
import { connectionType, EdgeBase } from '../common/connection';
import { ResidencyCategory } from '../person/person.enums';
import { PersonType } from '../person/person.type';

/** A resident of a household, with how they belong to it. */
@ObjectType('HouseholdResidentEdge', { simpleResolvers: true, description: 'A resident of a household (via a residency), with their relation and category.' })
export class HouseholdResidentEdge extends EdgeBase<PersonType> {
  @Field(() => PersonType, { description: 'The resident (masked).' })
  declare node: PersonType;

  @Field(() => String, { nullable: true, description: 'Relation to the head of household (与户主关系).' })
  relation!: string | null;

  @Field(() => ResidencyCategory, { description: 'Registered (户籍) or floating (流动).' })
  category!: ResidencyCategory;

  @Field(() => String, { nullable: true, description: 'Residency start (YYYY-MM-DD).' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Residency end (YYYY-MM-DD); null while current.' })
  validTo!: string | null;
}

/** A page of a household's residents. */
export const HouseholdResidentConnection = connectionType(PersonType, 'HouseholdResident', 'A page of a household\'s residents (户成员), masked.', HouseholdResidentEdge);
