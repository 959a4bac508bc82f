import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { GridTable } from '../../db/tables/places.table';
import type { ColumnPlan } from '../common/columns';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type GridRow = Selectable<GridTable>;

/** 网格: the smallest unit of grid management, inside exactly one community. */
@ObjectType('Grid', { simpleResolvers: true, implements: Node, description: '网格 — a grid: the smallest management unit, inside exactly one community (社区).' })
export class GridType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Grid', this.rowId);
  }

  @Field(() => String, { description: '15-digit grid code: community code + 3-digit sequence, e.g. `420102002003001`.' })
  code!: string;

  @Field(() => String, { description: 'Name of the grid.' })
  name!: string;

  rowId!: string;
  communityId!: string;
}

/** The `grid` columns each field reads (common/columns.ts); `stats` and fields not listed read every column. */
export const GRID_COLUMNS: ColumnPlan = {
  always: ['id'],
  fields: { id: [], code: ['code'], name: ['name'], community: ['community_id'], buildings: [], households: [], staff: [], cases: [], sources: [] },
};

/** Maps a `grid` row (pruned rows: see GRID_COLUMNS). */
export function toGridType(row: GridRow): GridType {
  const t = new GridType();
  t.rowId = row.id;
  t.code = row.code;
  t.name = row.name;
  t.communityId = row.community_id;
  return t;
}
