import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { GridType } from '../grid/grid.type';

/** The figures an area and a grid share. */
/** Base of AreaStats and GridStats (emitted only if a field returned it: none does). */
@ObjectType('PlaceStatsFigures', { description: 'Dashboard figures of a place (base of AreaStats and GridStats).' })
export abstract class PlaceStatsFigures {
  @Field(() => Int, { description: 'Households (户数).' })
  households!: number;

  @Field(() => Int, { description: 'Residents: distinct persons with a current residency in those households (实有人口).' })
  residents!: number;

  @Field(() => Int, { description: 'Floating residents (流动人口): residents with a current FLOATING residency there.' })
  floatingResidents!: number;

  @Field(() => Float, { nullable: true, description: 'floatingResidents / residents, rounded to 4 decimals. Null without residents.' })
  floatingShare!: number | null;

  @Field(() => Int, {
    description:
      'Residents aged 80 or more (whole years, China time) who are the only current resident of their household there (高龄独居). Computed from birth dates (L3) and residencies (L2), not from the L4 tag 独居老人, so it is shown as is.',
  })
  elderlyLivingAlone!: number;

  @Field(() => Int, { nullable: true, description: 'Party members (党员数). Null when 1–4 for roles without L4 (the small-group rule).' })
  partyMembers!: number | null;

  @Field(() => Int, { description: 'Households with a current 包片联户 contact assignment.' })
  householdsWithContact!: number;

  @Field(() => Float, { nullable: true, description: '包片联户 coverage: householdsWithContact / households, rounded to 4 decimals. Null without households.' })
  partyMemberHouseholdCoverage!: number | null;

  @Field(() => Int, { description: 'Grid workers (网格员) with a current role there.' })
  gridWorkers!: number;

  @Field(() => Int, { description: 'Volunteers (志愿者) with a current role there.' })
  volunteers!: number;

  @Field(() => Float, {
    description: 'Volunteer service hours (志愿服务时长): the sum of the participants\' recorded hours (`activity_participant.hours`, the service records) over every activity held there, whatever its type.',
  })
  volunteerHours!: number;

  @Field(() => Int, { description: 'Cases located there (all time).' })
  cases!: number;

  @Field(() => Int, { description: 'Cases there not yet closed, rejected or archived (在办).' })
  openCases!: number;

  @Field(() => Int, { description: 'Grids there without a current grid worker (a GRID_WORKER staff role of the grid without an end). For a grid: 1 or 0.' })
  gridsWithoutWorker!: number;

  @Field(() => [String], { description: 'Names of the fields withheld by the L4 small-group rule.' })
  suppressed!: string[];
}

/** Figures of one area for a dashboard. */
@ObjectType('AreaStats', {
  description:
    'Dashboard figures of an area and everything inside it, computed in SQL. `partyMembers` (the members of the area\'s party organisations) is L4 (political identity): a count from 1 to 4 is withheld (null) and named in `suppressed`.',
})
export class AreaStatsType extends PlaceStatsFigures {
  @Field(() => AdminAreaType, { description: 'The area.' })
  area!: AdminAreaType;
}

/** Figures of one grid. */
@ObjectType('GridStats', {
  description:
    'Dashboard figures of a grid, computed in SQL, like AreaStats. Activities and party organisations have no grid: `partyMembers` counts the party members currently living in the grid\'s households (L4: 1–4 withheld), `volunteerHours` the hours given by its current residents.',
})
export class GridStatsType extends PlaceStatsFigures {
  @Field(() => GridType, { description: 'The grid.' })
  grid!: GridType;
}
