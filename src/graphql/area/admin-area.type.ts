import type { Selectable } from 'kysely';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { AdminAreaTable } from '../../db/tables/places.table';
import type { ColumnPlan } from '../common/columns';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { AreaLevel, areaLevelOf } from './area-level.enum';

export type AdminAreaRow = Selectable<AdminAreaTable>;

/** 行政区划: a province, city, district, street/town or community/village (L1, public). */
@ObjectType('AdminArea', { simpleResolvers: true, implements: Node, description: '行政区划 — an administrative area: province, city, district, street/town (街道) or community (社区). Public (L1).' })
export class AdminAreaType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('AdminArea', this.rowId);
  }

  @Field(() => String, { description: '12-digit NBS code (统计用区划代码), e.g. `420102002003`.' })
  code!: string;

  @Field(() => String, { description: 'Name, e.g. 大智街道.' })
  name!: string;

  @Field(() => AreaLevel, { description: 'Level (级别).' })
  level!: AreaLevel;

  @Field(() => Int, { description: 'Year of the code table (vintage) the code is from.' })
  vintage!: number;

  @Field(() => String, { nullable: true, description: 'NBS urban-rural class (城乡分类代码), e.g. `111`.' })
  urbanRuralClass!: string | null;

  @Field(() => Boolean, { description: 'True for invented test data (synthetic communities).' })
  isTest!: boolean;

  /** Row id (uuid). */
  rowId!: string;
  parentId!: string | null;
}

/** The `admin_area` columns each field reads (common/columns.ts); `stats` and fields not listed read every column. */
export const AREA_COLUMNS: ColumnPlan = {
  always: ['id'],
  fields: {
    id: [],
    code: ['code'],
    name: ['name'],
    level: ['level'],
    vintage: ['vintage'],
    urbanRuralClass: ['urban_rural_class'],
    isTest: ['is_test'],
    parent: ['parent_id'],
    children: [],
    grids: [],
    sources: [],
    alliances: [],
  },
};

/** Maps an `admin_area` row (pruned rows: see AREA_COLUMNS). */
export function toAdminAreaType(row: AdminAreaRow): AdminAreaType {
  const t = new AdminAreaType();
  t.rowId = row.id;
  t.code = row.code;
  t.name = row.name;
  if (row.level !== undefined) t.level = areaLevelOf(row.level);
  t.vintage = row.vintage;
  t.urbanRuralClass = row.urban_rural_class;
  t.isTest = row.is_test;
  t.parentId = row.parent_id;
  return t;
}
