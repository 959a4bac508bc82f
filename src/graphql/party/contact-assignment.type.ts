import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { ContactAssignmentTable } from '../../db/tables/party.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';

export type ContactAssignmentRow = Selectable<ContactAssignmentTable>;

/** 包片联户: a party member's assigned grid, building and households. */
@ObjectType('ContactAssignment', { simpleResolvers: true, implements: Node, description: '包片联户 — a party member assigned to a grid or building and its households.' })
export class ContactAssignmentType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('ContactAssignment', this.rowId);
  }

  @Field(() => String, { nullable: true, description: 'Start date (YYYY-MM-DD).' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'End date (YYYY-MM-DD); null while current.' })
  validTo!: string | null;

  rowId!: string;
  partyMemberId!: string;
  gridId!: string | null;
  buildingId!: string | null;
}

export function toContactAssignmentType(row: ContactAssignmentRow): ContactAssignmentType {
  const t = new ContactAssignmentType();
  t.rowId = row.id;
  t.validFrom = row.valid_from;
  t.validTo = row.valid_to;
  t.partyMemberId = row.party_member_id;
  t.gridId = row.grid_id;
  t.buildingId = row.building_id;
  return t;
}
