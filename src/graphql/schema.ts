import 'reflect-metadata';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { isoInstant } from './common/iso-instant';
import { lexicographicSortSchema, printSchema } from './graphql-js';
import { AccessResolver } from './access/access.resolver';
import { ActivityResolver } from './activity/activity.resolver';
import { AllianceMemberResolver } from './alliance/alliance-member.resolver';
import { AreaAllianceResolver } from './alliance/area-alliance.resolver';
import { OrganizationAllianceResolver } from './alliance/organization-alliance.resolver';
import { AdminAreaResolver } from './area/area.resolver';
import { CaseEventResolver } from './case/case-event.resolver';
import { CaseFlowResolver } from './case/case-flow.resolver';
import { CaseResolver } from './case/case.resolver';
import { DutyShiftResolver } from './case/duty-shift.resolver';
import { DutyItemResolver } from './duty/duty-item.resolver';
import { FusionResolver } from './fusion/fusion.resolver';
import { GridResolver } from './grid/grid.resolver';
import { HouseholdResolver } from './household/household.resolver';
import { CaseLinkResolver } from './identity/case-link.resolver';
import { MatchReviewResolver } from './identity/match-review.resolver';
import { LiveResolver } from './live/live.resolver';
import { TOPICLESS_PUBSUB } from './live/topicless-pubsub';
import { NodeResolver } from './node/node.resolver';
import { OperationsResolver } from './operations/operations.resolver';
import { SourceControlResolver } from './operations/source-control.resolver';
import { OrganizationResolver } from './organization/organization.resolver';
import { PropertyCompanyDetailsResolver } from './organization/property-company-details.resolver';
import { ContactAssignmentResolver } from './party/contact-assignment.resolver';
import { OrganizationPartyResolver } from './party/organization-party.resolver';
import { PartyMemberResolver } from './party/party-member.resolver';
import { PartyOrgResolver } from './party/party-org.resolver';
import { PersonResolver } from './person/person.resolver';
import { ResidencyResolver } from './person/residency.resolver';
import { StaffRoleResolver } from './person/staff-role.resolver';
import { BuildingResolver } from './place/building.resolver';
import { DwellingResolver } from './place/dwelling.resolver';
import { PropertyProjectResolver } from './place/property-project.resolver';
import { StatsResolver } from './stats/stats.resolver';
import { AnalystStatsResolver } from './stats/analyst-stats.resolver';

/** Every resolver class of the API, in one explicit list. */
export const HUB_RESOLVERS = [
  NodeResolver,
  AdminAreaResolver,
  GridResolver,
  PropertyProjectResolver,
  BuildingResolver,
  DwellingResolver,
  HouseholdResolver,
  PersonResolver,
  ResidencyResolver,
  StaffRoleResolver,
  OrganizationResolver,
  PropertyCompanyDetailsResolver,
  PartyOrgResolver,
  OrganizationPartyResolver,
  PartyMemberResolver,
  ContactAssignmentResolver,
  AllianceMemberResolver,
  OrganizationAllianceResolver,
  AreaAllianceResolver,
  DutyItemResolver,
  CaseResolver,
  DutyShiftResolver,
  CaseEventResolver,
  CaseFlowResolver,
  ActivityResolver,
  StatsResolver,
  AnalystStatsResolver,
  FusionResolver,
  AccessResolver,
  OperationsResolver,
  SourceControlResolver,
  MatchReviewResolver,
  CaseLinkResolver,
  LiveResolver,
] as const;

let built: GraphQLSchema | null = null;

/**
 * The hub's GraphQL schema, built from the type-graphql classes (once per process: the
 * classes do not change at run time). Validation of arguments is done by the resolvers
 * (coded errors), not by class-validator.
 */
export function buildHubSchema(): GraphQLSchema {
  if (!built) {
    built = buildSchemaSync({ resolvers: [...HUB_RESOLVERS], validate: false, pubSub: TOPICLESS_PUBSUB });
    const query = built.getQueryType() as { description?: string | null } | null | undefined;
    if (query) query.description = 'Huiju (汇聚) — the data hub of grassroots governance: areas, grids, households, people (masked), organisations, party organisations, cases, activities, with lineage and dashboard figures.';
    const mutation = built.getMutationType() as { description?: string | null } | null | undefined;
    if (mutation) mutation.description = 'Acts: the case flow (业务协同流转: report, accept, dispatch, sign, return, … archive; per-move permissions), audited reveals, and operator actions (merging, undoing merges, dismissing match reviews; resetting source streams, pausing and resuming sources).';
    const subscription = built.getSubscriptionType() as { description?: string | null } | null | undefined;
    fastInstants(built);
    if (subscription) subscription.description = 'Live updates over WebSocket at /graphql (graphql-transport-ws), fed by the change events (src/live); scoped and masked like queries.';
  }
  return built;
}

/** The SDL of {@link buildHubSchema}, sorted, as committed in `schema/schema.graphql`. */
export function printHubSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildHubSchema()))}\n`;
}

/**
 * type-graphql's `DateTimeISO` (graphql-scalars) serialises a `Date` with `toISOString`, ~1 µs a
 * value; the scalar keeps its name, description and input parsing and writes valid `Date`s with
 * {@link isoInstant} (same text). Anything else — strings, numbers, invalid dates — still goes
 * through graphql-scalars, with its errors.
 */
function fastInstants(schema: GraphQLSchema): void {
  const scalar = schema.getType('DateTimeISO') as GraphQLScalarType | undefined;
  if (!scalar) return;
  const original = scalar.serialize.bind(scalar);
  scalar.serialize = (value: unknown) => {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (!Number.isNaN(ms)) return isoInstant(ms);
    }
    return original(value);
  };
}
