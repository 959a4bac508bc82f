import { Field, InputType, Int } from 'type-graphql';
import { HouseholdKind } from './household.enums';

/** Filter of the `households` list. */
@InputType('HouseholdFilter', { description: 'Filter of households; all given conditions must hold.' })
export class HouseholdFilter {
  @Field(() => String, { nullable: true, description: 'Only households inside this area (6-, 9- or 12-digit code; a street covers its communities).' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: 'Only households of this grid (15-digit grid code).' })
  grid?: string | null;

  @Field(() => HouseholdKind, { nullable: true, description: 'Only households of this kind.' })
  kind?: HouseholdKind | null;

  @Field(() => Int, { nullable: true, description: 'Only households with at least this many current residents (residencies without an end).' })
  memberCountFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only households with at most this many current residents.' })
  memberCountTo?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only households with a current resident aged 60 or more (China time); false: only households without one.' })
  hasElderly?: boolean | null;
}
