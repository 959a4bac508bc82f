import type { GraphQLNamedType, GraphQLSchema } from 'graphql';
import { getNamedType, isObjectType } from '../graphql-js';
import type { ReadClass } from '../../auth/roles';

/**
 * What kind of data each GraphQL object type holds (its read class, src/auth/roles.ts). A field
 * may be selected only when the caller's role reads the class of the type it belongs to and of
 * the type it returns. Connection and edge types take the class of their nodes. Types not listed
 * (PageInfo, scalars, enums, the root types) are free.
 *
 * A new entity type must be added here: a test fails for an object type of the schema that is
 * neither listed, a connection/edge, nor in {@link FREE_TYPES}.
 */
export const TYPE_READ_CLASSES: Readonly<Record<string, ReadClass>> = {
  AdminArea: 'areas',
  Grid: 'areas',
  Organization: 'organizations',
  PropertyCompanyDetails: 'organizations',
  SocialOrgDetails: 'organizations',
  DutyItem: 'organizations',
  AllianceMember: 'organizations',
  PropertyProject: 'places',
  Building: 'places',
  Dwelling: 'places',
  Person: 'people',
  Household: 'people',
  Residency: 'people',
  StaffRole: 'people',
  Case: 'cases',
  CaseEvent: 'cases',
  CaseHandler: 'cases',
  DutyShift: 'cases',
  Activity: 'activities',
  PartyOrg: 'party',
  PartyMember: 'party',
  ContactAssignment: 'party',
  AreaStats: 'aggregates',
  CaseStats: 'aggregates',
  CaseStatsGroup: 'aggregates',
  GridStats: 'aggregates',
  PersonStats: 'aggregates',
  PersonStatsGroup: 'aggregates',
  HouseholdStats: 'aggregates',
  HouseholdStatsGroup: 'aggregates',
  ActivityStats: 'aggregates',
  ActivityStatsGroup: 'aggregates',
  FusionIndex: 'aggregates',
  FusionIndexComparison: 'aggregates',
  FusionElementScore: 'aggregates',
  FusionIndicator: 'aggregates',
  // rows are checked per listed entity by the resolver (households: people, cases, …)
  FusionRow: 'aggregates',
  SourceRecord: 'lineage',
  FieldProvenance: 'lineage',
  DeadLetter: 'operations',
  SyncRun: 'operations',
  SkippedRecords: 'operations',
  Source: 'operations',
  SourceCursor: 'operations',
  SourceStream: 'operations',
  SourcePause: 'operations',
  PartitionLag: 'operations',
  MatchReview: 'operations',
  EntityMerge: 'operations',
  AccessLogEntry: 'accessLog',
  RevealedPerson: 'people',
};

/**
 * Fields of a type whose value is of another read class than their type and what they return: a
 * caller must read this class too to select them (`Type.field` → class). An organisation is public
 * (L1), but whether it has a party organisation is a party fact (a small unit's branch says that
 * at least three of its people are party members).
 */
export const FIELD_READ_CLASSES: Readonly<Record<string, ReadClass>> = {
  'Organization.hasPartyOrganization': 'party',
};

/** Object types that hold nothing a role needs permission for. */
export const FREE_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription', 'PageInfo']);

/**
 * The read class of every object type of `schema`, connections and edges resolved to their
 * nodes' class (`XConnection.nodes`, `XEdge.node`).
 */
export function readClassesOf(schema: GraphQLSchema): Map<string, ReadClass> {
  const classes = new Map<string, ReadClass>(Object.entries(TYPE_READ_CLASSES));
  const classOfWrapper = (type: GraphQLNamedType): ReadClass | undefined => {
    if (!isObjectType(type)) return undefined;
    const fields = type.getFields();
    const inner = fields.nodes ?? fields.node;
    if (!inner) return undefined;
    const named = getNamedType(inner.type);
    return classes.get(named.name) ?? classOfWrapper(named);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || classes.has(type.name)) continue;
    const cls = classOfWrapper(type);
    if (cls) classes.set(type.name, cls);
  }
  return classes;
}
