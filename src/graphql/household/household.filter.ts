import { Field, InputType } from 'type-graphql';
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
}
