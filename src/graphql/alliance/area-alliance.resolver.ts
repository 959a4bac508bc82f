import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import type { HubContext } from '../context';
import { OrganizationType } from '../organization/organization.type';
import { alliancesOfArea } from './alliance.loaders';

/** The 区域化党建联盟 of an area. */
@Resolver(() => AdminAreaType)
export class AreaAllianceResolver {
  @FieldResolver(() => [OrganizationType], { description: 'The regional party-building alliances (区域化党建联盟) serving this community or street, by name.' })
  alliances(@Root() area: AdminAreaType, @Ctx() ctx: HubContext) {
    return alliancesOfArea(ctx, area.rowId);
  }
}
