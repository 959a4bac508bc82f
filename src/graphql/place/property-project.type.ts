import type { Selectable } from 'kysely';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { PropertyProjectTable } from '../../db/tables/places.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type PropertyProjectRow = Selectable<PropertyProjectTable>;

/** 小区 / 物业管理区域. */
@ObjectType('PropertyProject', { simpleResolvers: true, implements: Node, description: '小区 / 物业管理区域 — a residential estate managed by one property company at a time.' })
export class PropertyProjectType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('PropertyProject', this.rowId);
  }

  @Field(() => String, { description: 'Project code.' })
  code!: string;

  @Field(() => String, { description: 'Name of the estate.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Start of the current property-service contract (YYYY-MM-DD).' })
  contractFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'End of the current property-service contract (YYYY-MM-DD).' })
  contractTo!: string | null;

  @Field(() => Float, { nullable: true, description: 'Property fee in yuan per m² and month (物业费).' })
  feePerM2!: number | null;

  rowId!: string;
  communityId!: string | null;
  companyId!: string | null;
}

export function toPropertyProjectType(row: PropertyProjectRow): PropertyProjectType {
  const t = new PropertyProjectType();
  t.rowId = row.id;
  t.code = row.code;
  t.name = row.name;
  t.contractFrom = row.contract_from;
  t.contractTo = row.contract_to;
  t.feePerM2 = row.fee_per_m2;
  t.communityId = row.community_id;
  t.companyId = row.company_id;
  return t;
}
