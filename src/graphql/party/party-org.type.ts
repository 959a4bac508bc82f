import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { PartyOrgTable } from '../../db/tables/party.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { PartyOrgLevel } from './party.enums';

export type PartyOrgRow = Selectable<PartyOrgTable>;

/** 党组织. */
@ObjectType('PartyOrg', { simpleResolvers: true, implements: Node, description: '党组织 — a party organisation in the tree 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组.' })
export class PartyOrgType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('PartyOrg', this.rowId);
  }

  @Field(() => String, { description: 'Code of the party organisation.' })
  code!: string;

  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => PartyOrgLevel, { description: 'Level in the tree.' })
  level!: PartyOrgLevel;

  rowId!: string;
  parentId!: string | null;
  areaId!: string | null;
  gridId!: string | null;
  hostOrganizationId!: string | null;
}

export function toPartyOrgType(row: PartyOrgRow): PartyOrgType {
  const t = new PartyOrgType();
  t.rowId = row.id;
  t.code = row.code;
  t.name = row.name;
  t.level = row.level;
  t.parentId = row.parent_id;
  t.areaId = row.area_id;
  t.gridId = row.grid_id;
  t.hostOrganizationId = row.host_organization_id;
  return t;
}
