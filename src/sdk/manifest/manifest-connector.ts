import { HuijuError } from '../../errors';
import type { CanonicalChange } from '../canonical-change';
import { defineConnector, defineStream, type CheckResult, type ConnectorContext, type ConnectorDefinition, type JsonValue, type ReadMessage, type StreamDefinition } from '../connector';
import { isConnectorError, RecordError } from '../connector-error';
import type { PersonalFields } from '../personal-fields';
import { IncrementalPosition } from '../transports/http/incremental-position';
import type { QueryParams } from '../transports/http/index';
import { pageRecords } from '../transports/http/page-records';
import { createManifestClient, manifestSourceName } from './manifest-auth';
import { manifestConfigSchema } from './manifest-config';
import { compileExpression, readPath, type CompiledExpression, type ExpressionScope, type ManifestPath, type ManifestProblem } from './manifest-expression';
import { truthy } from './manifest-functions';
import { manifestPages } from './manifest-pagination';
import type { ConnectorManifest, ManifestPagination, ManifestStream } from './manifest.schema';
import { checkSettingReferences, resolveSetting, settingNumber, settingText } from './manifest-settings';

/** A source config of a manifest connector: the fields the manifest declares. */
export type ManifestConfig = Record<string, unknown>;

/** One change spec, compiled. */
interface CompiledChange {
  entity: CanonicalChange['entity'];
  reference: boolean;
  each: CompiledExpression | null;
  as: string | undefined;
  where: CompiledExpression | null;
  data: CompiledExpression;
}

/** A stream's mapping, compiled: `let`, then `checks`, then `changes`. */
interface CompiledMapping {
  lets: [string, CompiledExpression][];
  checks: { when: CompiledExpression; reason: string; message: string }[];
  changes: CompiledChange[];
}

/** A text id from a field that may be a number. */
function stringId(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function compileMapping(stream: ManifestStream, path: ManifestPath, problems: ManifestProblem[]): CompiledMapping {
  const variables = new Set<string>();
  const lets: [string, CompiledExpression][] = [];
  for (const [name, raw] of Object.entries(stream.let ?? {})) {
    lets.push([name, compileExpression(raw, [...path, 'let', name], problems, variables)]);
    variables.add(name);
  }
  const checks = (stream.checks ?? []).map((c, i) => ({ when: compileExpression(c.if, [...path, 'checks', i, 'if'], problems, variables), reason: c.reason, message: c.message }));
  const changes = stream.changes.map((c, i): CompiledChange => {
    const at = [...path, 'changes', i];
    const inner = c.as ? new Set([...variables, c.as]) : variables;
    if (c.as && c.each === undefined) problems.push({ path: [...at, 'as'], message: 'as: names the item of each; there is no each' });
    if (c.data === null || Array.isArray(c.data) || (typeof c.data !== 'object' && typeof c.data !== 'string')) problems.push({ path: [...at, 'data'], message: 'data: expects a mapping of the change fields, or a reference to one ($name, @)' });
    return {
      entity: c.entity,
      reference: c.reference,
      each: c.each === undefined ? null : compileExpression(c.each, [...at, 'each'], problems, variables),
      as: c.as,
      where: c.where === undefined ? null : compileExpression(c.where, [...at, 'where'], problems, inner),
      data: compileExpression(c.data, [...at, 'data'], problems, inner),
    };
  });
  return { lets, checks, changes };
}

/** Runs a compiled mapping over one record. */
function runMapping(mapping: CompiledMapping, record: unknown): CanonicalChange[] {
  const vars = new Map<string, unknown>();
  const scope: ExpressionScope = { record, item: null, vars };
  for (const [name, c] of mapping.lets) vars.set(name, c(scope) ?? null);
  for (const check of mapping.checks) if (truthy(check.when(scope))) throw new RecordError(check.reason, check.message);
  const out: CanonicalChange[] = [];
  for (const [i, c] of mapping.changes.entries()) {
    const emit = (s: ExpressionScope) => {
      if (c.where && !truthy(c.where(s))) return;
      const data = c.data(s);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new RecordError('MAPPING_FAILED', `changes[${i}] (${c.entity}): data is not an object`);
      out.push(c.reference ? ({ entity: c.entity, data, reference: true } as CanonicalChange) : ({ entity: c.entity, data } as CanonicalChange));
    };
    if (c.each === null) {
      emit(scope);
      continue;
    }
    const items = c.each(scope);
    for (const item of Array.isArray(items) ? items : []) {
      emit({ record, item, vars: c.as ? new Map([...vars, [c.as, item]]) : vars });
    }
  }
  return out;
}

/** A stream with its `defaults` applied. */
interface EffectiveStream {
  stream: ManifestStream;
  recordPath: string;
  query: Record<string, unknown>;
  pagination: ManifestPagination;
  incremental: ManifestStream['incremental'];
}

function effectiveStream(manifest: ConnectorManifest, stream: ManifestStream): EffectiveStream {
  const d = manifest.defaults ?? {};
  return {
    stream,
    recordPath: stream.recordPath ?? d.recordPath ?? 'data',
    query: { ...(d.query ?? {}), ...(stream.query ?? {}) },
    pagination: stream.pagination ?? d.pagination ?? { type: 'none' },
    incremental: stream.incremental ?? d.incremental,
  };
}

/**
 * Reads one stream: every page of its list request (manifest-pagination.ts), a `failed`
 * `BAD_RECORD` for a list item that is not an object, and — when `incremental` is set — only
 * the records not read before (the SDK's {@link IncrementalPosition}: `updated_since` = the
 * cursor, ties at the cursor's instant and page-edge repeats dropped) with a checkpoint after
 * every page that moved the cursor. Without `incremental` every run reads everything and one
 * checkpoint (`{ fullReadAt }`) ends it; the hub's version guard leaves unchanged records alone.
 * Ends quietly, without a further checkpoint, once `ctx.signal` is aborted.
 */
async function* readStream(manifest: ConnectorManifest, s: EffectiveStream, ctx: ConnectorContext<ManifestConfig>, cursor: JsonValue | null): AsyncGenerator<ReadMessage, void, undefined> {
  const config = ctx.config;
  const inc = s.incremental;
  const position = inc ? IncrementalPosition.from(cursor, settingText(inc.startFrom, config) ?? null, manifest.id) : null;
  const client = createManifestClient(manifest, config, { signal: ctx.signal, logger: ctx.logger });
  const query: QueryParams = {};
  for (const [k, v] of Object.entries(s.query)) {
    const r = resolveSetting(v, config);
    if (r !== undefined) query[k] = r as string | number | boolean;
  }
  if (inc?.requestParam && position?.requestSince) query[inc.requestParam] = position.requestSince;
  const pageSize = s.pagination.type === 'page-number' ? settingNumber(s.pagination.pageSize, config) : s.pagination.type === 'offset' ? settingNumber(s.pagination.limit, config) : undefined;
  const name = s.stream.name;
  const pages = manifestPages(client, s.pagination, {
    stream: name,
    path: settingText(s.stream.path, config) ?? '',
    query,
    recordPath: s.recordPath,
    pageSize,
    requestsPerSecond: settingNumber(manifest.http.requestsPerSecond, config),
    signal: ctx.signal,
    sourceName: manifestSourceName(manifest),
  });
  const read = yield* pageRecords(pages, {
    signal: ctx.signal,
    listName: name,
    admit: (item) => !position || !inc || position.admit(idOf(s.stream, item), readPath(item, inc.cursorField.split('.'))),
    checkpoint: () => position?.endPage() ?? null,
  });
  if (!position && !ctx.signal.aborted) yield { type: 'checkpoint', cursor: { fullReadAt: new Date().toISOString() } };
  ctx.logger.debug({ stream: name, read, cancelled: ctx.signal.aborted }, 'stream read');
}

/** The record's key in the stream: its primary-key fields as text, joined by `/`; `null` when one is missing. */
function idOf(stream: ManifestStream, record: unknown): string | null {
  const parts = stream.primaryKey.map((k) => stringId(readPath(record, k.split('.'))));
  return parts.some((p) => p === null) ? null : parts.join('/');
}

function personalFieldsOf(stream: ManifestStream): PersonalFields {
  return Object.fromEntries(Object.entries(stream.personalFields).filter(([, v]) => v !== undefined)) as PersonalFields;
}

/**
 * Compiles a validated manifest into a connector definition — the same contract a coded
 * connector has (config schema, `check`, streams with `read`, `externalId`, `version`, `map`),
 * so the hub, the CLI and the conformance suite run it like any other. Every problem (unknown
 * config references, bad expressions, duplicate streams, bad personal-field declarations) is
 * added to `problems` with its manifest path; the result is `null` when there is any.
 */
export function compileManifest(manifest: ConnectorManifest, problems: ManifestProblem[]): ConnectorDefinition<ManifestConfig> | null {
  const before = problems.length;
  const fields = new Set(Object.keys(manifest.config));
  for (const [i, rule] of (manifest.configRules ?? []).entries()) {
    for (const f of 'together' in rule ? rule.together : rule.anyOf) if (!fields.has(f)) problems.push({ path: ['configRules', i], message: `no config field "${f}"` });
  }
  for (const key of ['http', 'auth', 'check', 'defaults'] as const) checkSettingReferences(manifest[key], [key], fields, problems);
  const seen = new Set<string>();
  const streams: StreamDefinition<ManifestConfig>[] = [];
  for (const [i, raw] of manifest.streams.entries()) {
    const path = ['streams', i];
    if (seen.has(raw.name)) problems.push({ path: [...path, 'name'], message: `stream "${raw.name}" is defined twice` });
    seen.add(raw.name);
    for (const key of ['path', 'query', 'pagination', 'incremental'] as const) checkSettingReferences(raw[key], [...path, key], fields, problems);
    const s = effectiveStream(manifest, raw);
    if (s.recordPath.split('.').some((x) => x === '') && s.recordPath !== '') problems.push({ path: [...path, 'recordPath'], message: 'recordPath: a field path has an empty segment' });
    const mapping = compileMapping(raw, path, problems);
    const cursorField = s.incremental?.cursorField;
    try {
      streams.push(
        defineStream<ManifestConfig, Record<string, unknown>>({
          name: raw.name,
          description: raw.description,
          primaryKey: raw.primaryKey,
          personalFields: personalFieldsOf(raw),
          ...(cursorField ? { cursorField } : {}),
          read: (ctx, cursor) => readStream(manifest, s, ctx, cursor),
          externalId: (r) => idOf(raw, r) ?? '',
          version: (r, readAt) => {
            const v = cursorField ? readPath(r, cursorField.split('.')) : null;
            return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : readAt;
          },
          map: (r) => runMapping(mapping, r),
        }),
      );
    } catch (err) {
      problems.push({ path: [...path, 'personalFields'], message: (err as Error).message });
    }
  }
  if (problems.length > before) return null;

  const check = async (ctx: ConnectorContext<ManifestConfig>): Promise<CheckResult> => {
    const configured = settingNumber(manifest.http.retry?.maxRetries, ctx.config);
    const timeout = settingNumber(manifest.http.timeoutMs, ctx.config);
    const client = createManifestClient(manifest, ctx.config, {
      signal: ctx.signal,
      logger: ctx.logger,
      maxRetries: Math.min(configured ?? Number.POSITIVE_INFINITY, manifest.check.maxRetries),
      timeoutMs: Math.min(timeout ?? Number.POSITIVE_INFINITY, manifest.check.timeoutMs),
    });
    const query: QueryParams = {};
    for (const [k, v] of Object.entries(manifest.check.query ?? {})) {
      const r = resolveSetting(v, ctx.config);
      if (r !== undefined) query[k] = r as string | number | boolean;
    }
    try {
      await client.getJson(settingText(manifest.check.path, ctx.config) ?? '', { query });
      return { ok: true, message: `${manifestSourceName(manifest)} answered` };
    } catch (err) {
      if (isConnectorError(err) && err.kind !== 'system') return { ok: false, kind: err.kind, message: err.message };
      throw err;
    }
  };

  try {
    return defineConnector<ManifestConfig>({
      id: manifest.id,
      version: manifest.version,
      displayName: manifest.displayName,
      description: manifest.description,
      config: manifestConfigSchema(manifest),
      check,
      streams,
    });
  } catch (err) {
    if (err instanceof HuijuError) {
      problems.push({ path: [], message: err.message });
      return null;
    }
    throw err;
  }
}
