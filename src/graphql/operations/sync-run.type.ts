import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { SyncRunTable } from '../../db/tables/ingestion.table';

export type SyncRunRow = Selectable<SyncRunTable>;

/** Records a connector left out on purpose, for one reason. */
@ObjectType('SkippedRecords', { simpleResolvers: true, description: 'Records a connector left out on purpose (not read, in no other counter), for one reason code, e.g. OTHER_STREET or SUPERSEDED_EXPORT.' })
export class SkippedRecordsType {
  @Field(() => String, { description: 'Reason code the connector gave.' })
  reason!: string;

  @Field(() => Int, { description: 'Records left out for it.' })
  count!: number;
}

/** One run of a connector over a source stream (or of the demo loader). */
@ObjectType('SyncRun', { simpleResolvers: true, description: '同步记录 — one run of a source stream: when, how it ended, and what it read, applied and dead-lettered.' })
export class SyncRunType {
  @Field(() => ID, { description: 'Sync-run id.' })
  id!: string;

  @Field(() => String, { description: 'Configured source id (`demo` for the demo loader).' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'Stream, when the run was of one stream.' })
  stream!: string | null;

  @Field(() => String, { description: '`full`, `incremental` or `demo:<profile>`.' })
  mode!: string;

  @Field(() => String, { description: 'RUNNING, SUCCEEDED, FAILED or CANCELLED.' })
  status!: string;

  @Field(() => GraphQLISODateTime, { description: 'Start.' })
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'End; null while running.' })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Records read.' })
  recordsRead!: number;

  @Field(() => Int, { description: 'Records written.' })
  recordsApplied!: number;

  @Field(() => Int, { description: 'Records already current or older than the store\'s version.' })
  recordsSkipped!: number;

  @Field(() => Int, { description: 'Records read that were dead-lettered.' })
  deadLetters!: number;

  @Field(() => Int, {
    description:
      'Records read that refer to a row the store did not hold yet and were parked to wait for it (applied when it lands, dead-lettered after `ingest.parkedFor`). recordsRead = recordsApplied + recordsSkipped + deadLetters + recordsParked.',
  })
  recordsParked!: number;

  @Field(() => Int, { description: 'Records parked earlier (by any run, of any source) that this run applied once the row they waited for had landed.' })
  recordsUnparked!: number;

  @Field(() => [SkippedRecordsType], { description: 'Records the connector left out on purpose (another street\'s rows in a shared file, a superseded export …), by reason, largest first; not in recordsRead.' })
  skippedByConnector!: SkippedRecordsType[];

  @Field(() => String, { nullable: true, description: 'Error code when the run failed.' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Error message when the run failed.' })
  errorMessage!: string | null;
}

export function toSyncRunType(row: SyncRunRow): SyncRunType {
  return Object.assign(new SyncRunType(), {
    id: row.id,
    source: row.source_id,
    stream: row.stream,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recordsRead: row.records_read,
    recordsApplied: row.records_applied,
    recordsSkipped: row.records_skipped,
    deadLetters: row.dead_letters,
    recordsParked: row.records_parked,
    recordsUnparked: row.records_unparked,
    skippedByConnector: Object.entries(row.skipped_reasons ?? {})
      .map(([reason, count]) => Object.assign(new SkippedRecordsType(), { reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    errorCode: row.error_code,
    errorMessage: row.error_message,
  });
}
