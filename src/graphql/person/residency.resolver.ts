import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { householdById } from '../household/household.loaders';
import { HouseholdType } from '../household/household.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { personById } from './person.loaders';
import { PersonType } from './person.type';
import { ResidencyType } from './residency.type';

@Resolver(() => ResidencyType)
export class ResidencyResolver {
  @FieldResolver(() => PersonType, { nullable: true, description: 'The person (masked).' })
  person(@Root() residency: ResidencyType, @Ctx() ctx: HubContext) {
    return personById(ctx, residency.personId);
  }

  @FieldResolver(() => HouseholdType, { nullable: true, description: 'The household.' })
  household(@Root() residency: ResidencyType, @Ctx() ctx: HubContext) {
    return householdById(ctx, residency.householdId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() residency: ResidencyType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'residency', residency.rowId);
  }
}
