import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { activityById } from '../activity/activity.loaders';
import { allianceMemberById } from '../alliance/alliance.loaders';
import { areaById } from '../area/area.loaders';
import { caseById, caseEventById } from '../case/case.loaders';
import { fromGlobalId, type NodeTypeName } from '../common/global-id';
import type { HubContext } from '../context';
import { dutyItemById } from '../duty/duty-item.loaders';
import { codedError, GRAPHQL_ERROR_CODES, notFound } from '../errors';
import { MAX_PAGE_SIZE } from '../limits';
import { gridById } from '../grid/grid.loaders';
import { householdById } from '../household/household.loaders';
import { organizationById } from '../organization/organization.loaders';
import { assignmentById, partyMemberById, partyOrgById } from '../party/party.loaders';
import { personById, residencyById, staffRoleById } from '../person/person.loaders';
import { buildingById, dwellingById, projectById } from '../place/place.loaders';
import { Node } from './node.interface';
import { canRead } from '../../auth/caller';
import { TYPE_READ_CLASSES } from '../authorization/type-read-classes';

/** True when the caller's role reads objects of this global-ID type (else they look absent). */
function readable(ctx: HubContext, type: NodeTypeName): boolean {
  const cls = TYPE_READ_CLASSES[type];
  return cls !== undefined && canRead(ctx.caller, cls);
}

/** How each global-ID type is loaded (batched, scoped). */
const NODE_LOADERS: Readonly<Record<NodeTypeName, (ctx: HubContext, id: string) => Promise<Node | null>>> = {
  AdminArea: areaById,
  Grid: gridById,
  PropertyProject: projectById,
  Building: buildingById,
  Dwelling: dwellingById,
  Household: householdById,
  Person: personById,
  Residency: residencyById,
  StaffRole: staffRoleById,
  Organization: organizationById,
  PartyOrg: partyOrgById,
  PartyMember: partyMemberById,
  ContactAssignment: assignmentById,
  DutyItem: dutyItemById,
  Case: caseById,
  CaseEvent: caseEventById,
  Activity: activityById,
  AllianceMember: allianceMemberById,
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { description: 'Any object by its global ID. BAD_USER_INPUT for a malformed ID; NOT_FOUND when absent or outside the caller\'s scope.' })
  async node(@Arg('id', () => ID, { description: 'Global ID (base64 of `Type:uuid`).' }) id: string, @Ctx() ctx: HubContext): Promise<Node> {
    const decoded = fromGlobalId(id, 'id');
    const node = readable(ctx, decoded.type) ? await NODE_LOADERS[decoded.type](ctx, decoded.id) : null;
    if (!node) throw notFound(decoded.type, 'id');
    return node;
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global ID, in order; null for each one absent or out of scope.' })
  async nodes(@Arg('ids', () => [ID], { description: 'Global IDs (at most 1000).' }) ids: string[], @Ctx() ctx: HubContext): Promise<(Node | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) {
      throw codedError(GRAPHQL_ERROR_CODES.PAGE_SIZE_LIMIT_EXCEEDED, `ids: at most ${MAX_PAGE_SIZE} IDs`, { field: 'ids', limit: MAX_PAGE_SIZE });
    }
    const decoded = ids.map((id, i) => fromGlobalId(id, `ids[${i}]`));
    return Promise.all(decoded.map((d) => (readable(ctx, d.type) ? NODE_LOADERS[d.type](ctx, d.id) : null)));
  }
}
