import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { personsByIds, residenciesByIds, residenciesOfPersons, staffRolesByIds, staffRolesOfPersons } from './person.repository';
import { type PersonType, toPersonType } from './person.type';
import { type ResidencyType, toResidencyType } from './residency.type';
import { type StaffRoleType, toStaffRoleType } from './staff-role.type';

export async function personById(ctx: HubContext, id: string | null): Promise<PersonType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'person', personsByIds, id);
  return row && toPersonType(row, ctx.caller);
}

export async function residencyById(ctx: HubContext, id: string | null): Promise<ResidencyType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'residency', residenciesByIds, id);
  return row && toResidencyType(row);
}

export async function staffRoleById(ctx: HubContext, id: string | null): Promise<StaffRoleType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'staffRole', staffRolesByIds, id);
  return row && toStaffRoleType(row);
}

export async function residenciesOfPerson(ctx: HubContext, personId: string): Promise<ResidencyType[]> {
  return (await loadListByParent(ctx, 'residenciesOfPerson', residenciesOfPersons, personId)).map(toResidencyType);
}

export async function staffRolesOfPerson(ctx: HubContext, personId: string): Promise<StaffRoleType[]> {
  return (await loadListByParent(ctx, 'staffRolesOfPerson', staffRolesOfPersons, personId)).map(toStaffRoleType);
}
