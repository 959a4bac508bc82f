import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { householdsOfAssignment } from '../household/household.loaders';
import { HouseholdType } from '../household/household.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { BuildingType } from '../place/building.type';
import { buildingById } from '../place/place.loaders';
import { ContactAssignmentType } from './contact-assignment.type';
import { PartyMemberType } from './party-member.type';
import { partyMemberById } from './party.loaders';

@Resolver(() => ContactAssignmentType)
export class ContactAssignmentResolver {
  @FieldResolver(() => PartyMemberType, { nullable: true, description: 'The party member assigned.' })
  partyMember(@Root() assignment: ContactAssignmentType, @Ctx() ctx: HubContext) {
    return partyMemberById(ctx, assignment.partyMemberId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid assigned (包片).' })
  grid(@Root() assignment: ContactAssignmentType, @Ctx() ctx: HubContext) {
    return gridById(ctx, assignment.gridId);
  }

  @FieldResolver(() => BuildingType, { nullable: true, description: 'The building assigned.' })
  building(@Root() assignment: ContactAssignmentType, @Ctx() ctx: HubContext) {
    return buildingById(ctx, assignment.buildingId);
  }

  @FieldResolver(() => [HouseholdType], { description: 'Households the member keeps in touch with (联户).' })
  households(@Root() assignment: ContactAssignmentType, @Ctx() ctx: HubContext) {
    return householdsOfAssignment(ctx, assignment.rowId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() assignment: ContactAssignmentType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'contactAssignment', assignment.rowId);
  }
}
