import { Field, GraphQLISODateTime, InputType } from 'type-graphql';
import { CaseKind, CaseStatus } from './case.enums';

/** Filter of case lists and case statistics. */
@InputType('CaseFilter', { description: 'Filter of cases; all given conditions must hold.' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'Only cases inside this area (6-, 9- or 12-digit code): a street covers all its communities and grids.' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: 'Only cases of this grid (15-digit code).' })
  grid?: string | null;

  @Field(() => [CaseStatus], { nullable: true, description: 'Only cases in one of these statuses.' })
  status?: CaseStatus[] | null;

  @Field(() => [CaseKind], { nullable: true, description: 'Only these kinds.' })
  kind?: CaseKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these categories (事项分类).' })
  category?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these channels.' })
  channel?: string[] | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported at or after this instant.' })
  reportedFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported before this instant.' })
  reportedTo?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only urgent (true) or non-urgent (false) cases.' })
  urgent?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only cases linked to this duty item (its global ID).' })
  dutyItem?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only overdue (true) or not overdue (false) cases: overdue is closed after its due time, or still open past it. A case without a due time is never overdue.',
  })
  overdue?: boolean | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only cases due before this instant (办理时限 earlier than it).' })
  dueBefore?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only cases due at or after this instant.' })
  dueAfter?: Date | null;
}
