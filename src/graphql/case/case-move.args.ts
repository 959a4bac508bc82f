import { ArgsType, Field, ID, Int } from 'type-graphql';

/** What every move on an existing case states. */
@ArgsType()
export class CaseMoveArgs {
  @Field(() => ID, { description: 'Global ID of the case.' })
  id!: string;

  @Field(() => Int, { description: 'The case `version` the caller saw; if the case changed since, the move is refused with CASE_VERSION_CONFLICT and nothing is written.' })
  version!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Makes a retry safe: a second call with the same key (same caller, case and move) returns the case without applying the move again. Up to 200 characters.',
  })
  idempotencyKey?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Global ID of the organisation acting, recorded on the event. Taken from the caller\'s token when it names one (then this must be absent or equal); until every token carries an organisation, callers name it here.',
  })
  actorOrganizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Reason or note (required for reject, return, extend, arbitrate, reopen and a failed verify); ID-number and mobile patterns are masked when stored.' })
  reason?: string | null;
}
