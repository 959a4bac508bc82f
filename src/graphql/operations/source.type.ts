import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { ResolvedSource } from '../../ingest/sync/resolve-source';
import type { SyncRunType } from './sync-run.type';

/** Where a source stream stands: its stored cursor. */
@ObjectType('SourceCursor', { simpleResolvers: true, description: 'The hub-stored cursor of one stream of a source.' })
export class SourceCursorType {
  @Field(() => String, { description: 'Stream.' })
  stream!: string;

  @Field(() => String, { description: 'The cursor as JSON (what the next sync resumes from), personal information summarised as in SourceStream.cursor.' })
  cursorJson!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was last committed.' })
  updatedAt!: Date;
}

/** A configured source: its connector, its config without secrets, and how it is doing. */
@ObjectType('Source', { description: '数据源 — a configured source system: connector, config (secrets shown as ***), schedule, whether it is paused, its streams (cursor, last run, status), last runs and open dead letters.' })
export class SourceType {
  @Field(() => String, { description: 'Source id from huiju.config.' })
  id!: string;

  @Field(() => String, { description: 'Connector id.' })
  connector!: string;

  @Field(() => String, { description: 'Connector version.' })
  connectorVersion!: string;

  /** The connector's streams, in its order (the `streams` field resolver adds where each stands). */
  streamDefs!: { name: string; incremental: boolean }[];

  @Field(() => String, { description: 'The config as JSON, secrets replaced by ***.' })
  configJson!: string;

  @Field(() => Int, { nullable: true, description: 'Seconds between scheduled syncs; null when synced on demand only.' })
  scheduleSeconds!: number | null;

  /** Filled by field resolvers. */
  lastRuns?: SyncRunType[];
}

/** A configured source → its GraphQL type (config without secrets). */
export function toSourceType(s: ResolvedSource): SourceType {
  return Object.assign(new SourceType(), {
    id: s.id,
    connector: s.connector.id,
    connectorVersion: s.connector.version,
    streamDefs: s.connector.streams.map((x) => ({ name: x.name, incremental: Boolean(x.cursorField) })),
    configJson: JSON.stringify(s.displayConfig),
    scheduleSeconds: s.scheduleMs === null ? null : Math.round(s.scheduleMs / 1000),
  });
}
