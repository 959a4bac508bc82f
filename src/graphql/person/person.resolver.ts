import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { ActivityConnection } from '../activity/activity.connection';
import { activitiesByParticipantSpec } from '../activity/activity.repository';
import { toActivityType } from '../activity/activity.type';
import { CaseConnection } from '../case/case.connection';
import { casesByReporterSpec } from '../case/case.repository';
import { type CaseRow, toCaseType, CASE_COLUMNS } from '../case/case.type';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { FieldProvenanceType, PROVENANCE_DESCRIPTION } from '../lineage/field-provenance.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { provenanceOf } from '../lineage/provenance.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { PartyMemberType } from '../party/party-member.type';
import { partyMembershipOfPerson } from '../party/party.loaders';
import { PersonConnection } from './person.connection';
import { PersonFilter } from './person.filter';
import { residenciesOfPerson, staffRolesOfPerson } from './person.loaders';
import { PersonOrder, personListSpec } from './person.repository';
import { type PersonRow, PersonType, toPersonType, PERSON_COLUMNS } from './person.type';
import { ResidencyType } from './residency.type';
import { StaffRoleType } from './staff-role.type';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const CASES_OF_REPORTER: NestedList = { name: 'casesByReporter', spec: casesByReporterSpec, columns: CASE_COLUMNS };
const ACTIVITIES_OF_PARTICIPANT: NestedList = { name: 'activitiesByParticipant', spec: activitiesByParticipantSpec };

@Resolver(() => PersonType)
export class PersonResolver {
  @Query(() => PersonConnection, {
    description: `Persons (居民), masked, in a stable order (by id unless orderBy says otherwise; never by name, birth date or an L4 attribute). ${PersonOrder.describe}`,
  })
  persons(
    @Arg('filter', () => PersonFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: PersonFilter | null,
    @Arg('orderBy', () => PersonOrder.Input, { nullable: true, description: PersonOrder.describe }) orderBy: InstanceType<typeof PersonOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, PersonConnection, personListSpec(filter, orderBy), page, (row: PersonRow) => toPersonType(row, ctx.caller), undefined, selectedColumns(PERSON_COLUMNS, info, 'connection'), info);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'ID number (公民身份号码), masked: the first 6 characters (area code) and the check character; birth date and sequence hidden (`420102***********0`). Decrypted in memory only to mask it.',
  })
  idNumberMasked(@Root() person: PersonType, @Ctx() ctx: HubContext): string | null {
    return ctx.pi.idNumberMasked(person.idEnc);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Mobile (手机号), masked: `139****5678`. Decrypted in memory only to mask it.' })
  mobileMasked(@Root() person: PersonType, @Ctx() ctx: HubContext): string | null {
    return ctx.pi.mobileMasked(person.mobileEnc);
  }

  @FieldResolver(() => [ResidencyType], { description: 'Households the person belongs or belonged to.' })
  residencies(@Root() person: PersonType, @Ctx() ctx: HubContext) {
    return residenciesOfPerson(ctx, person.rowId);
  }

  @FieldResolver(() => [StaffRoleType], { description: 'Roles the person holds or held (网格员, 信息员, 志愿者, 楼栋长).' })
  roles(@Root() person: PersonType, @Ctx() ctx: HubContext) {
    return staffRolesOfPerson(ctx, person.rowId);
  }

  @FieldResolver(() => PartyMemberType, { nullable: true, description: 'Party membership (党员身份, L4), if any.' })
  partyMembership(@Root() person: PersonType, @Ctx() ctx: HubContext) {
    return partyMembershipOfPerson(ctx, person.rowId);
  }

  @FieldResolver(() => CaseConnection, { description: 'Cases the person reported, newest first.' })
  @Extensions(joinable(CASES_OF_REPORTER))
  reportedCases(@Root() person: PersonType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, CaseConnection, CASES_OF_REPORTER, person.rowId, page, info, (row: CaseRow) => toCaseType(row, ctx.caller));
  }

  @FieldResolver(() => ActivityConnection, { description: 'Activities the person took part in, latest first.' })
  @Extensions(joinable(ACTIVITIES_OF_PARTICIPANT))
  activities(@Root() person: PersonType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, ActivityConnection, ACTIVITIES_OF_PARTICIPANT, person.rowId, page, info, toActivityType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() person: PersonType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'person', person.rowId);
  }

  @FieldResolver(() => [FieldProvenanceType], { description: PROVENANCE_DESCRIPTION })
  provenance(@Root() person: PersonType, @Ctx() ctx: HubContext) {
    return provenanceOf(ctx, 'person', person.rowId);
  }
}
