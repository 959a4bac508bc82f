import { Field, InputType } from 'type-graphql';

/** Filter of the `deadLetters` list. */
@InputType('DeadLetterFilter', { description: 'Filter of dead letters; all given conditions must hold.' })
export class DeadLetterFilter {
  @Field(() => String, { nullable: true, description: 'Only this source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this stream.' })
  stream?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these reason codes.' })
  reason?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these statuses (OPEN, REPLAYED, DISCARDED). Default: all.' })
  status?: string[] | null;
}

/** Filter of the `syncRuns` list. */
@InputType('SyncRunFilter', { description: 'Filter of sync runs; all given conditions must hold.' })
export class SyncRunFilter {
  @Field(() => String, { nullable: true, description: 'Only this source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this stream.' })
  stream?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these statuses (RUNNING, SUCCEEDED, FAILED, CANCELLED).' })
  status?: string[] | null;
}
