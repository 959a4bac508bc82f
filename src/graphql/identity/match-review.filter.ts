import { Field, InputType } from 'type-graphql';
import { MatchReviewReason, MatchReviewStatus, MergeableEntity } from './match-review.type';

/** Filter of the `matchReviews` list. */
@InputType('MatchReviewFilter', { description: 'Filter of review entries; all given conditions must hold.' })
export class MatchReviewFilter {
  @Field(() => MergeableEntity, { nullable: true, description: 'Only this kind of rows.' })
  entity?: MergeableEntity | null;

  @Field(() => [MatchReviewStatus], { nullable: true, description: 'Only these statuses. Default: all.' })
  status?: MatchReviewStatus[] | null;

  @Field(() => [MatchReviewReason], { nullable: true, description: 'Only these reasons.' })
  reason?: MatchReviewReason[] | null;

  @Field(() => String, { nullable: true, description: 'Only records of this source.' })
  source?: string | null;
}
