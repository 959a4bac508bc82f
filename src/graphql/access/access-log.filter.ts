import { Field, GraphQLISODateTime, InputType } from 'type-graphql';

/** Filter of the access log. */
@InputType('AccessLogFilter', { description: 'Filter of the access log; all given conditions must hold.' })
export class AccessLogFilter {
  @Field(() => String, { nullable: true, description: 'Only acts of this actor.' })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: 'Only acts of this kind (REVEAL_PERSON).' })
  action?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only acts at or after this time.' })
  since?: Date | null;
}
