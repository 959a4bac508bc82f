import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { personById } from '../person/person.loaders';
import { PersonType } from '../person/person.type';
import { ContactAssignmentType } from './contact-assignment.type';
import { PartyMemberType } from './party-member.type';
import { PartyOrgType } from './party-org.type';
import { assignmentsOfMember, partyOrgById } from './party.loaders';

@Resolver(() => PartyMemberType)
export class PartyMemberResolver {
  @FieldResolver(() => PersonType, { nullable: true, description: 'The member (masked).' })
  person(@Root() member: PartyMemberType, @Ctx() ctx: HubContext) {
    return personById(ctx, member.personId);
  }

  @FieldResolver(() => PartyOrgType, { nullable: true, description: 'The organisation the membership is held in.' })
  partyOrg(@Root() member: PartyMemberType, @Ctx() ctx: HubContext) {
    return partyOrgById(ctx, member.partyOrgId);
  }

  @FieldResolver(() => [ContactAssignmentType], { description: '包片联户 assignments of the member.' })
  contactAssignments(@Root() member: PartyMemberType, @Ctx() ctx: HubContext) {
    return assignmentsOfMember(ctx, member.rowId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() member: PartyMemberType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'partyMember', member.rowId);
  }
}
