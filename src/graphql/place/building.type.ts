import type { Selectable } from 'kysely';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { BuildingTable } from '../../db/tables/places.table';
import { maskAddress, maskFreeText } from '../../domain/masking';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type BuildingRow = Selectable<BuildingTable>;

/** 楼栋. */
@ObjectType('Building', { simpleResolvers: true, implements: Node, description: '楼栋 — a residential building.' })
export class BuildingType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Building', this.rowId);
  }

  @Field(() => String, { description: 'Building number within its estate or community (楼栋号).' })
  buildingNo!: string;

  @Field(() => String, { nullable: true, description: 'Address, cut to building level (地址脱敏).' })
  address!: string | null;

  @Field(() => Int, { nullable: true, description: 'Number of units (单元数).' })
  units!: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of floors (层数).' })
  floors!: number | null;

  rowId!: string;
  communityId!: string;
  gridId!: string | null;
  projectId!: string | null;
}

export function toBuildingType(row: BuildingRow): BuildingType {
  const t = new BuildingType();
  t.rowId = row.id;
  t.buildingNo = row.building_no;
  t.address = row.address === null ? null : maskFreeText(maskAddress(row.address));
  t.units = row.units;
  t.floors = row.floors;
  t.communityId = row.community_id;
  t.gridId = row.grid_id;
  t.projectId = row.project_id;
  return t;
}
