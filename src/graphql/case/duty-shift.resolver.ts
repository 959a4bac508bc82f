import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { dutyItemById } from '../duty/duty-item.loaders';
import { DutyItemType } from '../duty/duty-item.type';
import { organizationById } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { CaseHandlerType } from './case-handler.type';
import { DutyShiftType } from './duty-shift.type';

@Resolver(() => DutyShiftType)
export class DutyShiftResolver {
  @FieldResolver(() => DutyItemType, { nullable: true, description: 'The duty item (权责清单事项) the case is linked to, not on the community work list; null only when the item\'s street is outside the caller\'s scope.' })
  dutyItem(@Root() shift: DutyShiftType, @Ctx() ctx: HubContext) {
    return dutyItemById(ctx, shift.dutyItemId);
  }

  @FieldResolver(() => [CaseHandlerType], { description: 'The residents\' committees handling the case and their role (主办 or 协办), lead first.' })
  async committees(@Root() shift: DutyShiftType, @Ctx() ctx: HubContext): Promise<CaseHandlerType[]> {
    const handlers = await Promise.all(
      shift.committees.map(async ({ id, role }) => {
        const organization = await organizationById(ctx, id);
        if (!organization) return null;
        const h = new CaseHandlerType();
        h.role = role;
        h.organization = organization;
        return h;
      }),
    );
    return handlers.filter((h): h is CaseHandlerType => h !== null);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'Who dispatched the case to its current units (派遣单位): the acting unit of the latest step into DISPATCHED; null when never dispatched or not recorded.' })
  dispatcher(@Root() shift: DutyShiftType, @Ctx() ctx: HubContext) {
    return organizationById(ctx, shift.dispatcherId);
  }
}
