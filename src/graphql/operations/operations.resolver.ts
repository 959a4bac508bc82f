import { Arg, Args, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { rawTopic, sourceOfRawTopic } from '../../kafka/raw-topic';
import type { JsonValue } from '../../sdk/connector';
import { ConnectionArgs, rootConnection } from '../common/lists';
import type { HubContext } from '../context';
import { requireRead } from '../authorization/require';
import { DeadLetterConnection, SyncRunConnection } from './operations.connection';
import { DeadLetterFilter, SyncRunFilter } from './operations.filter';
import { deadLetterListSpec, syncRunListSpec } from './operations.repository';
import { PartitionLagType } from './consumer-lag.type';
import { type DeadLetterRow, toDeadLetterType } from './dead-letter.type';
import { SourceCursorType, SourceType, toSourceType } from './source.type';
import { viewCursor } from './stream-cursor';
import { type SyncRunRow, SyncRunType, toSyncRunType } from './sync-run.type';

/**
 * Operations views for data engineers (callers that read `operations`: ADMIN, OPERATOR): configured
 * sources, sync runs, dead letters and the ingest workers' consumer lag. Streams, pauses and the
 * operator mutations are in ./source-control.resolver.ts. Replay stays a CLI verb (`huiju
 * dead-letters replay`).
 */
@Resolver(() => SourceType)
export class OperationsResolver {
  @Query(() => DeadLetterConnection, { description: 'Records the hub could not use, newest first, payloads masked (operators only).' })
  deadLetters(
    @Arg('filter', () => DeadLetterFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: DeadLetterFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireRead(ctx.caller, 'operations', 'deadLetters');
    return rootConnection(ctx, DeadLetterConnection, deadLetterListSpec(filter), page, (row: DeadLetterRow) => toDeadLetterType(row));
  }

  @Query(() => SyncRunConnection, { description: 'Runs of sources and of the demo loader, newest first (operators only).' })
  syncRuns(
    @Arg('filter', () => SyncRunFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: SyncRunFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireRead(ctx.caller, 'operations', 'syncRuns');
    return rootConnection(ctx, SyncRunConnection, syncRunListSpec(filter), page, (row: SyncRunRow) => toSyncRunType(row));
  }

  @Query(() => [PartitionLagType], { description: 'Consumer lag of the ingest workers per partition of the huiju.raw.<source> topics (operators only).' })
  async consumerLag(
    @Arg('source', () => String, { nullable: true, description: 'Only this source.' }) source: string | null,
    @Arg('group', () => String, { nullable: true, description: 'Only this consumer group. Default: all.' }) group: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<PartitionLagType[]> {
    requireRead(ctx.caller, 'operations', 'consumerLag');
    let q = ctx.readDb.selectFrom('consumed_offset').selectAll();
    if (source) q = q.where('topic', '=', rawTopic(source, ctx.hub.config.kafka.topicPrefix));
    if (group) q = q.where('consumer_group', '=', group);
    const rows = await q.orderBy('consumer_group').orderBy('topic').orderBy('partition').execute();
    return rows.map((r) => toPartitionLag(r, ctx.hub.config.kafka.topicPrefix));
  }

  @Query(() => [SourceType], { description: 'The configured sources: connector, config without secrets, schedule (operators only).' })
  sources(@Ctx() ctx: HubContext): SourceType[] {
    requireRead(ctx.caller, 'operations', 'sources');
    return (ctx.hub.sources ?? []).map(toSourceType);
  }

  @FieldResolver(() => [SyncRunType], { description: 'The latest runs of this source, newest first.' })
  async lastRuns(@Root() source: SourceType, @Arg('first', () => Int, { defaultValue: 5, description: 'How many (at most 50).' }) first: number, @Ctx() ctx: HubContext): Promise<SyncRunType[]> {
    const limit = Math.max(1, Math.min(first, 50));
    const runs = await ctx.loaders
      .get<string, SyncRunRow[]>(`lastRuns|${limit}`, async (ids) => {
        const rows = await ctx.readDb
          .selectFrom('sync_run')
          .selectAll()
          .where('source_id', 'in', [...ids])
          .orderBy('started_at', 'desc')
          .execute();
        return ids.map((id) => rows.filter((r) => r.source_id === id).slice(0, limit));
      })
      .load(source.id);
    return runs.map(toSyncRunType);
  }

  @FieldResolver(() => [SourceCursorType], { description: 'The stored cursors, personal information summarised.', deprecationReason: 'Use streams { cursor cursorUpdatedAt }, which lists every stream of the connector.' })
  async cursors(@Root() source: SourceType, @Ctx() ctx: HubContext): Promise<SourceCursorType[]> {
    const rows = await ctx.loaders
      .get<string, { source_id: string; stream: string; cursor: unknown; updated_at: Date }[]>('cursors', async (ids) => {
        const all = await ctx.readDb.selectFrom('connector_cursor').selectAll().where('source_id', 'in', [...ids]).orderBy('stream').execute();
        return ids.map((id) => all.filter((r) => r.source_id === id));
      })
      .load(source.id);
    return rows.map((r) => Object.assign(new SourceCursorType(), { stream: r.stream, cursorJson: viewCursor(r.cursor as JsonValue).json, updatedAt: r.updated_at }));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Distributed mode: messages of huiju.raw.<source> not yet applied by the ingest workers (sum over partitions), as of their last batch; null when no worker of the group applied any.',
  })
  async lag(@Root() source: SourceType, @Arg('group', () => String, { nullable: true, description: 'Consumer group. Default: the hub\'s kafka.groupId.' }) group: string | null, @Ctx() ctx: HubContext): Promise<number | null> {
    const g = group ?? ctx.hub.config.kafka.groupId;
    const prefix = ctx.hub.config.kafka.topicPrefix;
    return ctx.loaders
      .get<string, number | null>(`sourceLag|${g}`, async (ids) => {
        const rows = await ctx.readDb
          .selectFrom('consumed_offset')
          .select(['topic', 'next_offset', 'high_watermark'])
          .where('consumer_group', '=', g)
          .where('topic', 'in', ids.map((id) => rawTopic(id, prefix)))
          .execute();
        return ids.map((id) => {
          const mine = rows.filter((r) => r.topic === rawTopic(id, prefix));
          return mine.length === 0 ? null : mine.reduce((sum, r) => sum + lagOf(r.next_offset, r.high_watermark), 0);
        });
      })
      .load(source.id);
  }

  @FieldResolver(() => Int, { description: 'Dead letters of this source still open.' })
  async openDeadLetters(@Root() source: SourceType, @Ctx() ctx: HubContext): Promise<number> {
    return ctx.loaders
      .get<string, number>('openDeadLetters', async (ids) => {
        const rows = await ctx.readDb
          .selectFrom('dead_letter')
          .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
          .where('source', 'in', [...ids])
          .where('status', '=', 'OPEN')
          .groupBy('source')
          .execute();
        return ids.map((id) => Number(rows.find((r) => r.source === id)?.n ?? 0));
      })
      .load(source.id);
  }
}

function lagOf(next: number, highWatermark: number | null): number {
  return highWatermark === null ? 0 : Math.max(0, Number(highWatermark) - Number(next));
}

function toPartitionLag(r: { consumer_group: string; topic: string; partition: number; next_offset: number; high_watermark: number | null; updated_at: Date }, topicPrefix: string): PartitionLagType {
  return Object.assign(new PartitionLagType(), {
    group: r.consumer_group,
    topic: r.topic,
    source: sourceOfRawTopic(r.topic, topicPrefix),
    partition: r.partition,
    nextOffset: Number(r.next_offset),
    highWatermark: r.high_watermark === null ? null : Number(r.high_watermark),
    lag: lagOf(r.next_offset, r.high_watermark),
    updatedAt: r.updated_at,
  });
}
