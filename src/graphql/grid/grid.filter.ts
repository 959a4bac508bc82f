import { Field, InputType } from 'type-graphql';

/** Filter of the `grids` list. */
@InputType('GridFilter', { description: 'Filter of grids; all given conditions must hold.' })
export class GridFilter {
  @Field(() => String, { nullable: true, description: 'Only grids inside this area (6-, 9- or 12-digit code): a street finds the grids of all its communities.' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, compared in normal form (names are stored as written): Traditional or Simplified, full- or half-width input finds either spelling.' })
  name?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only grids with (true) or without (false) a current grid worker (网格员: a GRID_WORKER staff role of the grid without an end), as `stats.gridsWithoutWorker` counts them.',
  })
  hasGridWorker?: boolean | null;
}
