import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { appendAccessLog } from '../../auth/access-log.repository';
import type { Caller } from '../../auth/caller';
import { isHuijuError } from '../../errors';
import { cursorsOf, type StoredCursor } from '../../ingest/sync/cursor.repository';
import type { ResolvedSource } from '../../ingest/sync/resolve-source';
import { type AuditHook, pauseSource, pausesOf, resetStreams, resumeSource, type SourcePause } from '../../ingest/sync/source-control';
import { syncingStreams } from '../../ingest/sync/source-lock';
import { requirePermission, requireRead } from '../authorization/require';
import type { HubContext } from '../context';
import { badUserInput, codedError, GRAPHQL_ERROR_CODES, notFound } from '../errors';
import { newestRunsOfStreams } from './operations.repository';
import { SourcePauseType, SourceStreamType, streamStatus } from './source-stream.type';
import { SourceType, toSourceType } from './source.type';
import { viewCursor } from './stream-cursor';
import { type SyncRunRow, toSyncRunType } from './sync-run.type';

/** Longest reason an operator act accepts. */
const MAX_REASON = 500;

/**
 * Operator control of sources: each stream's cursor (personal information summarised), last run
 * and status, whether the source is paused, and the acts `resetStream`, `pauseSource` and
 * `resumeSource`. The acts need the `sources.control` permission (ADMIN, OPERATOR) and an unscoped
 * caller (operations data has no area), run the one implementation the CLI runs too
 * (src/ingest/sync/source-control.ts), and write their access-log row in the transaction of the
 * change (no row, no change).
 */
@Resolver(() => SourceType)
export class SourceControlResolver {
  @FieldResolver(() => [SourceStreamType], { description: 'Every stream of the connector, in its order: stored cursor (personal information summarised), last run, status.' })
  async streams(@Root() source: SourceType, @Ctx() ctx: HubContext): Promise<SourceStreamType[]> {
    const [cursors, runs, pause, syncing] = await Promise.all([
      ctx.loaders.get<string, StoredCursor[]>('streamCursors', async (ids) => groupBy(ids, await cursorsOf(ctx.readDb, ids), (c) => c.sourceId)).load(source.id),
      ctx.loaders.get<string, SyncRunRow[]>('streamNewestRuns', async (ids) => groupBy(ids, await newestRunsOfStreams(ctx.readDb, ids), (r) => r.source_id)).load(source.id),
      pauseOfSource(ctx, source.id),
      // the sync locks live on the primary (ctx.hub.db), never on a replica
      ctx.loaders
        .get<string, string[]>('streamsSyncing', async (ids) => {
          const keysOf = (id: string) => (ctx.hub.sources ?? []).find((s) => s.id === id)?.connector.streams.map((x) => `${id}/${x.name}`) ?? [];
          const held = await syncingStreams(ctx.hub, ids.flatMap(keysOf));
          return ids.map((id) => keysOf(id).filter((k) => held.has(k)));
        })
        .load(source.id),
    ]);
    return source.streamDefs.map((def) => {
      const stored = cursors.find((c) => c.stream === def.name);
      const run = runs.find((r) => r.stream === def.name);
      const view = stored ? viewCursor(stored.cursor) : null;
      const lastRun = run ? toSyncRunType(run) : null;
      return Object.assign(new SourceStreamType(), {
        name: def.name,
        mode: def.incremental ? 'incremental' : 'full',
        cursor: view?.json ?? null,
        cursorSummarized: view?.summarized ?? false,
        cursorUpdatedAt: stored?.updatedAt ?? null,
        lastRun,
        status: streamStatus({ syncing: syncing.includes(`${source.id}/${def.name}`), paused: pause !== null, newestRun: lastRun }),
      });
    });
  }

  @FieldResolver(() => Boolean, { description: 'Whether the source is paused (pauseSource): scheduled syncs skip it and `huiju connectors sync` refuses it without --force.' })
  async paused(@Root() source: SourceType, @Ctx() ctx: HubContext): Promise<boolean> {
    return (await pauseOfSource(ctx, source.id)) !== null;
  }

  @FieldResolver(() => SourcePauseType, { nullable: true, description: 'Who paused the source, when and why; null when it runs.' })
  async pause(@Root() source: SourceType, @Ctx() ctx: HubContext): Promise<SourcePauseType | null> {
    const pause = await pauseOfSource(ctx, source.id);
    return pause ? Object.assign(new SourcePauseType(), { pausedAt: pause.pausedAt, pausedBy: pause.pausedBy, reason: pause.reason }) : null;
  }

  @Mutation(() => SourceType, {
    description:
      'Forgets the stored cursor of one stream of a source, so its next sync reads it from the start (applied rows stay; a re-read changes nothing already current). Refused with SYNC_IN_PROGRESS while any stream of the source is being synced. Recorded in the access log. Needs the sources.control permission (ADMIN, OPERATOR; unscoped). Errors: FORBIDDEN, NOT_FOUND (source, stream), BAD_USER_INPUT (reason), SYNC_IN_PROGRESS. Returns the source as it now stands.',
  })
  async resetStream(
    @Arg('source', () => String, { description: 'Source id (huiju.config `sources[].id`).' }) sourceId: string,
    @Arg('stream', () => String, { description: 'Stream of the source.' }) stream: string,
    @Arg('reason', () => String, { nullable: true, description: `Why (at most ${MAX_REASON} characters); kept in the access log.` }) reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<SourceType> {
    const source = authorize(ctx, 'resetStream', sourceId);
    const why = readReason(reason);
    if (!source.connector.streams.some((s) => s.name === stream)) {
      throw codedError(GRAPHQL_ERROR_CODES.NOT_FOUND, `source ${source.id} has no stream "${stream}" (streams: ${source.connector.streams.map((s) => s.name).join(', ')})`, { field: 'stream' });
    }
    try {
      await resetStreams(ctx.hub, source, [stream], audit(ctx.caller, 'RESET_STREAM', `source:${source.id}/${stream}`, why));
    } catch (err) {
      if (isHuijuError(err, 'SYNC_IN_PROGRESS')) {
        throw codedError(GRAPHQL_ERROR_CODES.SYNC_IN_PROGRESS, `${source.id} is being synced (${String(err.details.stream)}); nothing was reset — try again when it has finished`, { source: source.id, stream: err.details.stream });
      }
      throw err;
    }
    return toSourceType(source);
  }

  @Mutation(() => SourceType, {
    description:
      'Pauses a source: scheduled syncs skip it and `huiju connectors sync` refuses it without --force, until resumeSource (kept in the store, so it holds across restarts and for every hub process). A sync already running finishes. Pausing a paused source keeps its first pause. Recorded in the access log. Needs sources.control. Errors: FORBIDDEN, NOT_FOUND (source), BAD_USER_INPUT (reason).',
  })
  async pauseSource(
    @Arg('source', () => String, { description: 'Source id.' }) sourceId: string,
    @Arg('reason', () => String, { nullable: true, description: `Why (at most ${MAX_REASON} characters); shown in Source.pause and kept in the access log.` }) reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<SourceType> {
    const source = authorize(ctx, 'pauseSource', sourceId);
    const why = readReason(reason);
    await pauseSource(ctx.db, source.id, { actor: ctx.caller.subject, reason: why || null }, audit(ctx.caller, 'PAUSE_SOURCE', `source:${source.id}`, why));
    return toSourceType(source);
  }

  @Mutation(() => SourceType, {
    description: 'Lifts the pause of a source: its next scheduled turn syncs it. Resuming a source that runs changes nothing (and is still recorded). Recorded in the access log. Needs sources.control. Errors: FORBIDDEN, NOT_FOUND (source), BAD_USER_INPUT (reason).',
  })
  async resumeSource(
    @Arg('source', () => String, { description: 'Source id.' }) sourceId: string,
    @Arg('reason', () => String, { nullable: true, description: `Why (at most ${MAX_REASON} characters); kept in the access log.` }) reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<SourceType> {
    const source = authorize(ctx, 'resumeSource', sourceId);
    const why = readReason(reason);
    await resumeSource(ctx.db, source.id, audit(ctx.caller, 'RESUME_SOURCE', `source:${source.id}`, why));
    return toSourceType(source);
  }
}

/** Refuses a caller without `sources.control` or limited to an area (FORBIDDEN); finds the configured source (NOT_FOUND). */
function authorize(ctx: HubContext, field: string, sourceId: string): ResolvedSource {
  requirePermission(ctx.caller, 'sources.control', field);
  requireRead(ctx.caller, 'operations', field);
  const source = (ctx.hub.sources ?? []).find((s) => s.id === sourceId);
  if (!source) throw notFound(`Source "${sourceId}"`, 'source');
  return source;
}

function readReason(input: string | null): string {
  const reason = (input ?? '').trim();
  if (Array.from(reason).length > MAX_REASON) throw badUserInput('reason', `reason: at most ${MAX_REASON} characters`);
  return reason;
}

/** The access-log row of an operator act, written first in the act's transaction. */
function audit(caller: Caller, action: string, target: string, reason: string): AuditHook {
  return (trx) => appendAccessLog(trx, caller, { action, entity: 'source', entityId: null, target, fields: [], reason });
}

/** The pause of a source, batched over the sources of a request. */
function pauseOfSource(ctx: HubContext, sourceId: string): Promise<SourcePause | null> {
  return ctx.loaders
    .get<string, SourcePause | null>('sourcePauses', async (ids) => {
      const pauses = await pausesOf(ctx.readDb, ids);
      return ids.map((id) => pauses.get(id) ?? null);
    })
    .load(sourceId);
}

function groupBy<T>(ids: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const by = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) by.get(keyOf(r))?.push(r);
  return ids.map((id) => by.get(id) ?? []);
}
