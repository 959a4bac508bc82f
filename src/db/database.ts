import type { ActivityOrganizerTable, ActivityParticipantTable, ActivityTable } from './tables/activity.table';
import type { AccessLogTable, ApiKeyTable } from './tables/access.table';
import type { CaseCommandTable, CaseEventTable, CaseHandlerTable, CaseRecordTable, DutyItemTable } from './tables/case.table';
import type {
  ConnectorCursorTable,
  ConsumedOffsetTable,
  DeadLetterTable,
  HubSettingTable,
  OutboxTable,
  SnapshotProgressTable,
  SyncRunTable,
} from './tables/ingestion.table';
import type { CaseLinkTable, EntityKeyAliasTable, EntityMergeTable, MatchReviewTable } from './tables/identity.table';
import type { MatchTable, SourceRecordTable } from './tables/lineage.table';
import type { ParkedRecordTable } from './tables/parked.table';
import type { SourcePauseTable } from './tables/source-pause.table';
import type { IngestMemberTable } from './tables/ingest-member.table';
import type { AllianceMemberTable, OrganizationTable } from './tables/organization.table';
import type { ContactAssignmentHouseholdTable, ContactAssignmentTable, PartyMemberTable, PartyOrgTable } from './tables/party.table';
import type { HouseholdTable, PersonTable, ResidencyTable, StaffRoleTable } from './tables/people.table';
import type { AdminAreaTable, BuildingTable, DwellingTable, GridTable, PropertyProjectTable } from './tables/places.table';

/** Every table of the canonical store, as Kysely sees it. Mirrors migrations/. */
export interface Database {
  admin_area: AdminAreaTable;
  grid: GridTable;
  property_project: PropertyProjectTable;
  building: BuildingTable;
  dwelling: DwellingTable;
  household: HouseholdTable;
  person: PersonTable;
  residency: ResidencyTable;
  staff_role: StaffRoleTable;
  organization: OrganizationTable;
  alliance_member: AllianceMemberTable;
  party_org: PartyOrgTable;
  party_member: PartyMemberTable;
  contact_assignment: ContactAssignmentTable;
  contact_assignment_household: ContactAssignmentHouseholdTable;
  duty_item: DutyItemTable;
  case_record: CaseRecordTable;
  case_handler: CaseHandlerTable;
  case_event: CaseEventTable;
  case_command: CaseCommandTable;
  activity: ActivityTable;
  activity_organizer: ActivityOrganizerTable;
  activity_participant: ActivityParticipantTable;
  source_record: SourceRecordTable;
  match: MatchTable;
  sync_run: SyncRunTable;
  connector_cursor: ConnectorCursorTable;
  source_pause: SourcePauseTable;
  consumed_offset: ConsumedOffsetTable;
  ingest_member: IngestMemberTable;
  snapshot_progress: SnapshotProgressTable;
  dead_letter: DeadLetterTable;
  parked_record: ParkedRecordTable;
  outbox: OutboxTable;
  hub_setting: HubSettingTable;
  api_key: ApiKeyTable;
  access_log: AccessLogTable;
  match_review: MatchReviewTable;
  entity_merge: EntityMergeTable;
  entity_key_alias: EntityKeyAliasTable;
  case_link: CaseLinkTable;
}
