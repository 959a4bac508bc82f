import { Field, GraphQLISODateTime, InputType } from 'type-graphql';

/** Filter of the `activities` list. */
@InputType('ActivityFilter', { description: 'Filter of activities; all given conditions must hold.' })
export class ActivityFilter {
  @Field(() => String, { nullable: true, description: 'Only activities held in an area inside this one (6-, 9- or 12-digit code).' })
  area?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these activity types.' })
  type?: string[] | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting at or after this instant.' })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting before this instant.' })
  to?: Date | null;
}
