import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { personById } from './person.loaders';
import { PersonType } from './person.type';
import { StaffRoleType } from './staff-role.type';

@Resolver(() => StaffRoleType)
export class StaffRoleResolver {
  @FieldResolver(() => PersonType, { nullable: true, description: 'The person holding the role (masked).' })
  person(@Root() role: StaffRoleType, @Ctx() ctx: HubContext) {
    return personById(ctx, role.personId);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community or street the role covers.' })
  area(@Root() role: StaffRoleType, @Ctx() ctx: HubContext) {
    return areaById(ctx, role.areaId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid the role covers (grid-level roles).' })
  grid(@Root() role: StaffRoleType, @Ctx() ctx: HubContext) {
    return gridById(ctx, role.gridId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() role: StaffRoleType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'staffRole', role.rowId);
  }
}
