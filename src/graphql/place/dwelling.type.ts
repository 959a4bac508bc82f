import type { Selectable } from 'kysely';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { DwellingTable } from '../../db/tables/places.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type DwellingRow = Selectable<DwellingTable>;

/**
 * 房屋 / 户室. Unit, floor and room number are not exposed: together with the building they
 * are a house-level address, which DOMAIN.md §6 shows cut to the building.
 */
@ObjectType('Dwelling', { simpleResolvers: true, implements: Node, description: '房屋 — a dwelling. Its unit/floor/room are withheld (addresses are shown cut to the building).' })
export class DwellingType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Dwelling', this.rowId);
  }

  @Field(() => Float, { nullable: true, description: 'Floor area in m² (建筑面积).' })
  areaM2!: number | null;

  @Field(() => String, { nullable: true, description: 'Usage (用途), e.g. residential.' })
  usage!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Let to tenants (出租屋).' })
  rented!: boolean | null;

  rowId!: string;
  buildingId!: string;
  gridId!: string | null;
}

export function toDwellingType(row: DwellingRow): DwellingType {
  const t = new DwellingType();
  t.rowId = row.id;
  t.areaM2 = row.area_m2;
  t.usage = row.usage;
  t.rented = row.rented;
  t.buildingId = row.building_id;
  t.gridId = row.grid_id;
  return t;
}
