import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, ConnectionArgs } from '../common/lists';
import type { HubContext } from '../context';
import { PropertyProjectConnection } from '../place/property-project.connection';
import { toPropertyProjectType } from '../place/property-project.type';
import { projectsByCompanySpec } from '../place/place.repository';
import { PropertyCompanyDetailsType } from './organization.type';

@Resolver(() => PropertyCompanyDetailsType)
export class PropertyCompanyDetailsResolver {
  @FieldResolver(() => PropertyProjectConnection, { description: 'Estates (小区) the company serves.' })
  projects(@Root() details: PropertyCompanyDetailsType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, PropertyProjectConnection, 'projectsByCompany', projectsByCompanySpec, details.companyRowId, page, toPropertyProjectType);
  }
}
