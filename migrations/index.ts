import type { Migration } from 'kysely';
import * as canonicalModel from './20261127_120000_canonical_model';
import * as lineageAndIngestion from './20261127_120100_lineage_and_ingestion';
import * as deadLetterReplay from './20261127_130000_dead_letter_replay';
import * as kafkaIngest from './20261128_010000_kafka_ingest';
import * as outboxRelay from './20261128_020000_outbox_relay';
import * as identityMatching from './20261128_030000_identity_matching';
import * as fieldProvenance from './20261128_040000_field_provenance';
import * as accessControl from './20261206_010000_access_control';
import * as caseFlow from './20261206_020000_case_flow';
import * as parkedRecords from './20261206_050000_parked_records';
import * as caseEventOrigin from './20261206_070000_case_event_origin';
import * as organizationMatchKey from './20261206_040000_organization_match_key';
import * as displayNameNorm from './20261206_080000_display_name_norm';
import * as syncRunParked from './20261206_090000_sync_run_parked';
import * as ingestMember from './20261206_110000_ingest_member';
import * as governanceModel from './20261207_010000_governance_model';
import * as syncRunSkipped from './20261207_020000_sync_run_skipped';
import * as sourceControl from './20261207_030000_source_control';
import * as childListOrderIndexes from './20261208_010000_child_list_order_indexes';
import * as statisticsFreeColumns from './20261209_010000_statistics_free_columns';
import * as outboxEventIdUnindexed from './20261210_010000_outbox_event_id_unindexed';

/**
 * Every migration, explicitly listed in order (no file-system scanning, so bundlers and
 * `npx huiju` see the same list). Names are timestamps; a landed migration is never edited.
 */
export const migrations: Record<string, Migration> = {
  '20261127_120000_canonical_model': canonicalModel,
  '20261127_120100_lineage_and_ingestion': lineageAndIngestion,
  '20261127_130000_dead_letter_replay': deadLetterReplay,
  '20261128_010000_kafka_ingest': kafkaIngest,
  '20261128_020000_outbox_relay': outboxRelay,
  '20261128_030000_identity_matching': identityMatching,
  '20261128_040000_field_provenance': fieldProvenance,
  '20261206_010000_access_control': accessControl,
  '20261206_020000_case_flow': caseFlow,
  '20261206_040000_organization_match_key': organizationMatchKey,
  '20261206_050000_parked_records': parkedRecords,
  '20261206_070000_case_event_origin': caseEventOrigin,
  '20261206_080000_display_name_norm': displayNameNorm,
  '20261206_090000_sync_run_parked': syncRunParked,
  '20261206_110000_ingest_member': ingestMember,
  '20261207_010000_governance_model': governanceModel,
  '20261207_020000_sync_run_skipped': syncRunSkipped,
  '20261207_030000_source_control': sourceControl,
  '20261208_010000_child_list_order_indexes': childListOrderIndexes,
  '20261209_010000_statistics_free_columns': statisticsFreeColumns,
  '20261210_010000_outbox_event_id_unindexed': outboxEventIdUnindexed,
};
