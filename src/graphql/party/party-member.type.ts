import type { Selectable } from 'kysely';
import { Field, ID, ObjectType } from 'type-graphql';
import type { PartyMemberTable } from '../../db/tables/party.table';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { PartyMemberStatus } from './party.enums';

export type PartyMemberRow = Selectable<PartyMemberTable>;

/** 党员: political identity, the most sensitive class of data (L4). */
@ObjectType('PartyMember', { simpleResolvers: true, implements: Node, description: '党员 — a party membership (L4: political identity). The person behind it is shown masked.' })
export class PartyMemberType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('PartyMember', this.rowId);
  }

  @Field(() => PartyMemberStatus, { description: 'Full or probationary member.' })
  status!: PartyMemberStatus;

  @Field(() => String, { nullable: true, description: 'Date of joining (YYYY-MM-DD).' })
  joinedOn!: string | null;

  @Field(() => Boolean, { description: '在职党员双报到: an employed member also registered in their home community.' })
  dualRegistered!: boolean;

  rowId!: string;
  personId!: string;
  partyOrgId!: string | null;
}

export function toPartyMemberType(row: PartyMemberRow): PartyMemberType {
  const t = new PartyMemberType();
  t.rowId = row.id;
  t.status = row.status;
  t.joinedOn = row.joined_on;
  t.dualRegistered = row.dual_registered;
  t.personId = row.person_id;
  t.partyOrgId = row.party_org_id;
  return t;
}
