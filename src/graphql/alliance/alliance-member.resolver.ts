import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { organizationById } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { AllianceMemberType } from './alliance-member.type';

@Resolver(() => AllianceMemberType)
export class AllianceMemberResolver {
  @FieldResolver(() => OrganizationType, { description: 'The alliance (an organisation of kind ALLIANCE).' })
  async alliance(@Root() m: AllianceMemberType, @Ctx() ctx: HubContext) {
    return (await organizationById(ctx, m.allianceId))!;
  }

  @FieldResolver(() => OrganizationType, { description: 'The member unit.' })
  async organization(@Root() m: AllianceMemberType, @Ctx() ctx: HubContext) {
    return (await organizationById(ctx, m.organizationId))!;
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() m: AllianceMemberType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'allianceMember', m.rowId);
  }
}
