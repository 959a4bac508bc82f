import { Field, InputType } from 'type-graphql';

/** Filter of the `persons` list. */
@InputType('PersonFilter', { description: 'Filter of persons; all given conditions must hold.' })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: 'Only persons with a residency in a household inside this area (6-, 9- or 12-digit code).' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: 'Only persons with a residency in a household of this grid (15-digit code).' })
  grid?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The whole name, matched exactly (names are shown masked, so there is no substring search). Normalised like stored names: Traditional (張) and full-width input find Simplified (张) data.',
  })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only party members (true) or only non-members (false). L4 data: FORBIDDEN for roles that do not see L4 facts (the small-group rule).' })
  partyMember?: boolean | null;
}
