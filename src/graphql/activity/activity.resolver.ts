import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { organizersOfActivity } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { PARTICIPANT_COLUMNS, participantsByActivitySpec, type ParticipantRow } from '../person/person.repository';
import { type PersonType, toPersonType } from '../person/person.type';
import { ActivityParticipantConnection, type ActivityParticipantEdge } from './activity-participant.connection';
import { ActivityConnection } from './activity.connection';
import { ActivityFilter } from './activity.filter';
import { ActivityOrder, activityListSpec } from './activity.repository';
import { ActivityType, toActivityType } from './activity.type';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const PARTICIPANTS_OF_ACTIVITY: NestedList = { name: 'participantsByActivity', spec: participantsByActivitySpec, columns: PARTICIPANT_COLUMNS };

@Resolver(() => ActivityType)
export class ActivityResolver {
  @Query(() => ActivityConnection, { description: `Activities (党建活动, 联席会议, 志愿服务 …), latest first unless orderBy says otherwise. ${ActivityOrder.describe}` })
  activities(
    @Arg('filter', () => ActivityFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder.Input, { nullable: true, description: ActivityOrder.describe }) orderBy: InstanceType<typeof ActivityOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, ActivityConnection, activityListSpec(filter, orderBy), page, toActivityType, undefined, undefined, info);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The area it was held in.' })
  area(@Root() activity: ActivityType, @Ctx() ctx: HubContext) {
    return areaById(ctx, activity.areaId);
  }

  @FieldResolver(() => [OrganizationType], { description: 'Organising units (主办单位).' })
  organizers(@Root() activity: ActivityType, @Ctx() ctx: HubContext) {
    return organizersOfActivity(ctx, activity.rowId);
  }

  @FieldResolver(() => ActivityParticipantConnection, { description: 'Participants (masked) with their hours.' })
  @Extensions(joinable(PARTICIPANTS_OF_ACTIVITY))
  participants(@Root() activity: ActivityType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection<ParticipantRow, PersonType, ActivityParticipantEdge>(
      ctx,
      ActivityParticipantConnection,
      PARTICIPANTS_OF_ACTIVITY,
      activity.rowId,
      page,
      info,
      (row) => toPersonType(row, ctx.caller),
      (row, edge) => {
        edge.hours = row.__hours;
      },
    );
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() activity: ActivityType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'activity', activity.rowId);
  }
}
