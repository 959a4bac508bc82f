import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { organizationById } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { CaseEventType } from './case-event.type';

@Resolver(() => CaseEventType)
export class CaseEventResolver {
  @FieldResolver(() => OrganizationType, { nullable: true, description: 'The unit that made the step.' })
  actor(@Root() event: CaseEventType, @Ctx() ctx: HubContext) {
    return organizationById(ctx, event.actorOrgId);
  }

  @FieldResolver(() => [SourceRecordType], { description: 'Lineage (数据来源): the source records of the case, which carry its history.' })
  sources(@Root() event: CaseEventType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'case', event.caseId);
  }
}
