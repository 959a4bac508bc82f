import { Args, Ctx, FieldResolver, Resolver, Root, Extensions, Info } from 'type-graphql';
import { nestedConnection, ConnectionArgs } from '../common/lists';
import type { GraphQLResolveInfo } from 'graphql';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { PropertyProjectConnection } from '../place/property-project.connection';
import { toPropertyProjectType } from '../place/property-project.type';
import { projectsByCompanySpec } from '../place/place.repository';
import { PropertyCompanyDetailsType } from './organization.type';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const PROJECTS_OF_COMPANY: NestedList = { name: 'projectsByCompany', spec: projectsByCompanySpec };

@Resolver(() => PropertyCompanyDetailsType)
export class PropertyCompanyDetailsResolver {
  @FieldResolver(() => PropertyProjectConnection, { description: 'Estates (小区) the company serves.' })
  @Extensions(joinable(PROJECTS_OF_COMPANY))
  projects(@Root() details: PropertyCompanyDetailsType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, PropertyProjectConnection, PROJECTS_OF_COMPANY, details.companyRowId, page, info, toPropertyProjectType);
  }
}
