import { Field, InputType, Int } from 'type-graphql';
import { PoliticalStatus, ResidencyCategory } from './person.enums';

/** Filter of the `persons` list (and of `personStats`). */
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

  @Field(() => Int, { nullable: true, description: 'Only persons at least this old: whole years from the birth date to today, in China time (persons without a birth date never match an age bound).' })
  ageFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only persons at most this old (whole years, China time).' })
  ageTo?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only persons carrying one of these special-population tags (独居老人, 高龄老人, 残疾人, 低保, 特困人员, 退役军人 …). L4 data: FORBIDDEN in lists for roles that do not see L4 facts; in `personStats` it makes the total and every group L4 (the small-group rule).',
  })
  tag?: string[] | null;

  @Field(() => [PoliticalStatus], { nullable: true, description: 'Only persons of one of these political statuses (政治面貌). L4 data: like `tag`.' })
  politicalStatus?: PoliticalStatus[] | null;

  @Field(() => ResidencyCategory, {
    nullable: true,
    description: 'Only persons with a current residency (valid_to not set) of this category: REGISTERED 户籍人口 or FLOATING 流动人口.',
  })
  residencyCategory?: ResidencyCategory | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only persons who are the only current resident of a household they currently live in (独居, from residencies, not from the L4 tag); false: only persons who are not.',
  })
  livingAlone?: boolean | null;
}
