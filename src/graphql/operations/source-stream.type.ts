import { Field, GraphQLISODateTime, ObjectType, registerEnumType } from 'type-graphql';
import { SyncRunType } from './sync-run.type';

/** How a source stream stands, for operators. */
export enum SourceStreamStatus {
  IDLE = 'IDLE',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  FAILING = 'FAILING',
}

registerEnumType(SourceStreamStatus, {
  name: 'SourceStreamStatus',
  description: 'How a source stream stands.',
  valuesConfig: {
    IDLE: { description: 'Not being synced; its newest run (if any) ended without failing.' },
    RUNNING: { description: 'Being synced now (its sync lock is held).' },
    PAUSED: { description: 'Its source is paused (pauseSource): scheduled syncs skip it, `huiju connectors sync` refuses it without --force.' },
    FAILING: { description: 'Its newest run failed (see lastRun.errorCode), or was cut short: still RUNNING in lastRun while nothing syncs the stream (its process stopped).' },
  },
});

/** One stream of a configured source: where it stands and how its last run went. */
@ObjectType('SourceStream', { description: 'One stream of a source: its stored cursor (personal information summarised), its last sync run and its status.' })
export class SourceStreamType {
  @Field(() => String, { description: 'Stream name.' })
  name!: string;

  @Field(() => String, { description: '`incremental` (the stream has a cursor field: a run reads what changed after its cursor) or `full` (a run reads a complete snapshot; its cursor, if any, says which exports were applied).' })
  mode!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The stored cursor as JSON — what the next sync resumes from; null before the first checkpoint or after resetStream. Shown as stored when it holds only dates, instants, small numbers and booleans; otherwise in the same shape with what could carry personal information (file names, record keys, tokens) replaced by summaries such as "<text, 24 chars>" or "<12 items>" (then cursorSummarized is true).',
  })
  cursor!: string | null;

  @Field(() => Boolean, { description: 'Whether parts of `cursor` were replaced by summaries.' })
  cursorSummarized!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the cursor was last committed.' })
  cursorUpdatedAt!: Date | null;

  @Field(() => SourceStreamStatus, { description: 'RUNNING, PAUSED, FAILING or IDLE, in that order of precedence.' })
  status!: SourceStreamStatus;

  @Field(() => SyncRunType, { nullable: true, description: 'The newest sync run of this stream (status, start, end, counts); null before its first.' })
  lastRun!: SyncRunType | null;
}

/** A source's pause: who, when, why. */
@ObjectType('SourcePause', { simpleResolvers: true, description: 'Why a source is not synced on schedule: who paused it, when, and the reason they gave.' })
export class SourcePauseType {
  @Field(() => GraphQLISODateTime, { description: 'When.' })
  pausedAt!: Date;

  @Field(() => String, { description: 'Who: a token subject, `api-key:<id>`, `development` or `cli`.' })
  pausedBy!: string;

  @Field(() => String, { nullable: true, description: 'The reason given.' })
  reason!: string | null;
}

/**
 * A stream's status: a sync going on now wins (a pause stops the next run, not this one), then the
 * source's pause, then a newest run that failed or never finished.
 */
export function streamStatus(s: { syncing: boolean; paused: boolean; newestRun: { status: string } | null }): SourceStreamStatus {
  if (s.syncing) return SourceStreamStatus.RUNNING;
  if (s.paused) return SourceStreamStatus.PAUSED;
  if (s.newestRun?.status === 'FAILED' || s.newestRun?.status === 'RUNNING') return SourceStreamStatus.FAILING;
  return SourceStreamStatus.IDLE;
}
