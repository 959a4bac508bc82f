import type { HubContext } from '../context';
import { loadById } from '../common/lists';
import { type BuildingType, toBuildingType } from './building.type';
import { type DwellingType, toDwellingType } from './dwelling.type';
import { buildingsByIds, dwellingsByIds, projectsByIds } from './place.repository';
import { type PropertyProjectType, toPropertyProjectType } from './property-project.type';

export async function buildingById(ctx: HubContext, id: string | null): Promise<BuildingType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'building', buildingsByIds, id);
  return row && toBuildingType(row);
}

export async function dwellingById(ctx: HubContext, id: string | null): Promise<DwellingType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'dwelling', dwellingsByIds, id);
  return row && toDwellingType(row);
}

export async function projectById(ctx: HubContext, id: string | null): Promise<PropertyProjectType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'propertyProject', projectsByIds, id);
  return row && toPropertyProjectType(row);
}
