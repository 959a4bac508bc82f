import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HouseholdKind } from '../household/household.enums';
import { PoliticalStatus, ResidencyCategory, Sex } from '../person/person.enums';

// ---------------------------------------------------------------------------------------------
// dimensions

export const PersonStatsDimension = {
  AREA: 'AREA',
  GRID: 'GRID',
  SEX: 'SEX',
  AGE_BAND: 'AGE_BAND',
  RESIDENCY_CATEGORY: 'RESIDENCY_CATEGORY',
  TAG: 'TAG',
  POLITICAL_STATUS: 'POLITICAL_STATUS',
} as const;
export type PersonStatsDimension = (typeof PersonStatsDimension)[keyof typeof PersonStatsDimension];
registerEnumType(PersonStatsDimension, {
  name: 'PersonStatsDimension',
  description: 'A dimension to group person statistics by.',
  valuesConfig: {
    AREA: { description: 'The community (社区) of the person\'s current residency inside the caller\'s scope (the latest begun, when several); none: the null group.' },
    GRID: { description: 'The grid of that residency\'s household.' },
    SEX: { description: 'Sex.' },
    AGE_BAND: { description: 'Age band in whole years, China time: `0-17`, `18-59`, `60-79`, `80+` (no birth date: null).' },
    RESIDENCY_CATEGORY: { description: 'REGISTERED 户籍 or FLOATING 流动, of that residency.' },
    TAG: { description: 'Special-population tag (L4: small groups withheld for roles without L4). Groups overlap: a person with two tags is in both; one without tags in the null group.' },
    POLITICAL_STATUS: { description: 'Political status 政治面貌 (L4: small groups withheld for roles without L4).' },
  },
});

export const HouseholdStatsDimension = { AREA: 'AREA', GRID: 'GRID', KIND: 'KIND', SIZE: 'SIZE' } as const;
export type HouseholdStatsDimension = (typeof HouseholdStatsDimension)[keyof typeof HouseholdStatsDimension];
registerEnumType(HouseholdStatsDimension, {
  name: 'HouseholdStatsDimension',
  description: 'A dimension to group household statistics by.',
  valuesConfig: {
    AREA: { description: 'The community of the household.' },
    GRID: { description: 'The grid of the household.' },
    KIND: { description: 'REGISTERED 户籍户 or RESIDENT 居住户.' },
    SIZE: { description: 'Current residents: `0` … `4`, `5+`.' },
  },
});

export const ActivityStatsDimension = { AREA: 'AREA', TYPE: 'TYPE', DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH', QUARTER: 'QUARTER' } as const;
export type ActivityStatsDimension = (typeof ActivityStatsDimension)[keyof typeof ActivityStatsDimension];
registerEnumType(ActivityStatsDimension, {
  name: 'ActivityStatsDimension',
  description: 'A dimension to group activity statistics by. DAY, WEEK, MONTH and QUARTER are calendar buckets of the start in China time and exclude each other.',
  valuesConfig: {
    AREA: { description: 'The area the activity was held in (a community, or a street for street-wide activities).' },
    TYPE: { description: 'Activity type (党建活动, 志愿服务 …).' },
    DAY: { description: 'Day of the start, `YYYY-MM-DD`.' },
    WEEK: { description: 'ISO week of the start, `YYYY-Www`.' },
    MONTH: { description: 'Month of the start, `YYYY-MM`.' },
    QUARTER: { description: 'Quarter of the start, `YYYY-Qn`.' },
  },
});

// ---------------------------------------------------------------------------------------------
// the place keys persons and households are grouped by

/** AREA and GRID keys of a person or household group (null when not grouped by them). Base of PersonStatsGroup and HouseholdStatsGroup (emitted only if a field returned it: none does). */
@ObjectType('PlaceGroupKeys', { description: 'Area and grid keys of a group (base of PersonStatsGroup and HouseholdStatsGroup).' })
abstract class PlaceGroupKeys {
  @Field(() => String, { nullable: true, description: 'Community code (AREA).' })
  areaCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Community name (AREA).' })
  areaName!: string | null;
  @Field(() => String, { nullable: true, description: 'Grid code (GRID).' })
  gridCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Grid name (GRID).' })
  gridName!: string | null;
}

// ---------------------------------------------------------------------------------------------
// persons

@ObjectType('PersonStatsGroup', {
  simpleResolvers: true,
  description:
    'Person figures for one group (or for all matching persons). Keys not grouped by are null. For roles without L4, a group whose key is an L4 attribute (TAG, POLITICAL_STATUS), or any group when the filter is L4 (tag, politicalStatus, partyMember), is withheld when it holds 1–4 persons (`suppressed`, figures null), plus the next smallest when only one would be.',
})
export class PersonStatsGroupType extends PlaceGroupKeys {
  @Field(() => Sex, { nullable: true, description: 'Sex (SEX).' })
  sex!: Sex | null;
  @Field(() => String, { nullable: true, description: 'Age band (AGE_BAND): `0-17`, `18-59`, `60-79`, `80+`.' })
  ageBand!: string | null;
  @Field(() => ResidencyCategory, { nullable: true, description: 'Residency category (RESIDENCY_CATEGORY).' })
  residencyCategory!: ResidencyCategory | null;
  @Field(() => String, { nullable: true, description: 'Special-population tag (TAG, L4).' })
  tag!: string | null;
  @Field(() => PoliticalStatus, { nullable: true, description: 'Political status (POLITICAL_STATUS, L4).' })
  politicalStatus!: PoliticalStatus | null;
  @Field(() => Boolean, { description: 'True when the group\'s figures are withheld (L4 small-group rule).' })
  suppressed!: boolean;
  @Field(() => Int, { nullable: true, description: 'Persons (distinct).' })
  count!: number | null;
  @Field(() => Float, { nullable: true, description: 'count / the total\'s count, rounded to 4 decimals (TAG groups overlap, so their shares may add up to more than 1). Null when withheld.' })
  share!: number | null;
}

@ObjectType('PersonStats', { simpleResolvers: true, description: 'Person figures (实有人口), grouped, computed in SQL in one statement (the total and the groups).' })
export class PersonStatsType {
  @Field(() => [PersonStatsDimension], { description: 'The dimensions grouped by.' })
  groupBy!: PersonStatsDimension[];
  @Field(() => PersonStatsGroupType, { description: 'All matching persons (withheld only when the filter is L4 and it holds 1–4, for roles without L4).' })
  total!: PersonStatsGroupType;
  @Field(() => [PersonStatsGroupType], { description: 'One entry per group: in key order unless orderBy says otherwise; withheld groups last.' })
  groups!: PersonStatsGroupType[];
}

// ---------------------------------------------------------------------------------------------
// households

@ObjectType('HouseholdStatsGroup', { simpleResolvers: true, description: 'Household figures for one group (or for all matching households). Keys not grouped by are null.' })
export class HouseholdStatsGroupType extends PlaceGroupKeys {
  @Field(() => HouseholdKind, { nullable: true, description: 'Kind (KIND).' })
  kind!: HouseholdKind | null;
  @Field(() => String, { nullable: true, description: 'Current residents (SIZE): `0` … `4`, `5+`.' })
  size!: string | null;
  @Field(() => Int, { description: 'Households.' })
  count!: number;
  @Field(() => Int, { description: 'Current residents of those households (a person living in two counts twice).' })
  members!: number;
  @Field(() => Float, { nullable: true, description: 'members / count, rounded to 4 decimals. Null without households.' })
  averageSize!: number | null;
  @Field(() => Float, { nullable: true, description: 'count / the total\'s count, rounded to 4 decimals.' })
  share!: number | null;
}

@ObjectType('HouseholdStats', { simpleResolvers: true, description: 'Household figures, grouped, computed in SQL in one statement.' })
export class HouseholdStatsType {
  @Field(() => [HouseholdStatsDimension], { description: 'The dimensions grouped by.' })
  groupBy!: HouseholdStatsDimension[];
  @Field(() => HouseholdStatsGroupType, { description: 'All matching households.' })
  total!: HouseholdStatsGroupType;
  @Field(() => [HouseholdStatsGroupType], { description: 'One entry per group: in key order unless orderBy says otherwise.' })
  groups!: HouseholdStatsGroupType[];
}

// ---------------------------------------------------------------------------------------------
// activities

@ObjectType('ActivityStatsGroup', { simpleResolvers: true, description: 'Activity figures for one group (or for all matching activities). Keys not grouped by are null.' })
export class ActivityStatsGroupType {
  @Field(() => String, { nullable: true, description: 'Area code (AREA).' })
  areaCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Area name (AREA).' })
  areaName!: string | null;
  @Field(() => String, { nullable: true, description: 'Activity type (TYPE).' })
  type!: string | null;
  @Field(() => String, { nullable: true, description: 'Day, ISO week, month or quarter of the start in China time (DAY, WEEK, MONTH, QUARTER).' })
  period!: string | null;
  @Field(() => Int, { description: 'Activities.' })
  count!: number;
  @Field(() => Int, { description: 'Participations (a person at two activities counts twice).' })
  participants!: number;
  @Field(() => Float, { description: 'Hours recorded for the participants (the volunteer service records, `activity_participant.hours`).' })
  hours!: number;
}

@ObjectType('ActivityStats', { simpleResolvers: true, description: 'Activity figures, grouped, computed in SQL in one statement.' })
export class ActivityStatsType {
  @Field(() => [ActivityStatsDimension], { description: 'The dimensions grouped by.' })
  groupBy!: ActivityStatsDimension[];
  @Field(() => ActivityStatsGroupType, { description: 'All matching activities.' })
  total!: ActivityStatsGroupType;
  @Field(() => [ActivityStatsGroupType], { description: 'One entry per group: in key order unless orderBy says otherwise.' })
  groups!: ActivityStatsGroupType[];
}
