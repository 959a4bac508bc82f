import type { z } from 'zod';
import { HuijuError } from '../errors';
import type { CanonicalChange } from './canonical-change';
import { checkPersonalFields, type PersonalFields } from './personal-fields';

/** JSON-serialisable value: what a cursor may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The smallest logger a connector needs (structural: no logging library's types). */
export interface ConnectorLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the hub gives a connector on every call. */
export interface ConnectorContext<C> {
  /** The validated config (`config` schema applied, defaults filled in). */
  readonly config: C;
  /** The configured source id (one connector can serve several sources). */
  readonly sourceId: string;
  /** Aborted when the sync is cancelled; long reads must stop soon after. */
  readonly signal: AbortSignal;
  readonly logger: ConnectorLogger;
  /** Folder that relative paths in the config are resolved against (where the config file is). */
  readonly baseDir: string;
  /**
   * The source's `allowPathsOutside`: paths of its config may leave `baseDir`. Default `false`
   * (resolve them with `resolveSourcePath`, which refuses an escaping path).
   */
  readonly allowPathsOutside?: boolean;
}

/** Outcome of `check()`. */
export type CheckResult = { ok: true; message?: string } | { ok: false; kind: 'config' | 'transient' | 'source'; message: string };

/** A raw record read from the source. */
export interface SourceRecordMessage {
  type: 'record';
  /** The record as the source gave it (a CSV row as an object, a JSON object, a CloudEvent). */
  data: unknown;
  /** Where it was: `{ file, line }`, `{ page, cursor }`, `{ topic, partition, offset }`. */
  position?: Record<string, JsonValue>;
}

/**
 * "Everything up to here is read": the hub commits what it has (canonical writes, dead letters,
 * and this cursor) in one transaction. On the next run `read()` receives the last committed
 * cursor. Cursors only move forward.
 */
export interface CheckpointMessage {
  type: 'checkpoint';
  cursor: JsonValue;
}

/** A record the transport could not parse at all (bad JSON, undecodable line): a dead letter. */
export interface FailedRecordMessage {
  type: 'failed';
  reason: string;
  message: string;
  raw: unknown;
  position?: Record<string, JsonValue>;
}

/**
 * Full-snapshot sources (a street's resident export is the whole population): `snapshot-begin`
 * says a complete snapshot of `scope` follows; `snapshot-end` says it is complete. Every
 * residency that earlier records of this source and stream (external ids starting with `scope`)
 * put in the store, and that this snapshot did not contain, ends at `asOf` (valid_to). Nothing is
 * deleted. A snapshot that is not read to its end (cancelled, failed) ends nothing.
 */
export interface SnapshotBeginMessage {
  type: 'snapshot-begin';
  /** Prefix of the external ids the snapshot covers, e.g. `residents:420102002000:`. */
  scope: string;
}

export interface SnapshotEndMessage {
  type: 'snapshot-end';
  scope: string;
  /** The snapshot's date (`YYYY-MM-DD`): residencies missing from it end on this day. */
  asOf: string;
}

/**
 * Records of the source that a stream leaves out on purpose — rows of another street in a
 * district-wide export, a file of another street in a shared folder — counted by reason in the
 * sync report (`connectors sync`, the `sync_run` row's `skipped_reasons`), so nothing a source
 * holds is dropped silently. They are not records: not read, mapped or dead-lettered (a record
 * that is wrong is a `failed` message or a `RecordError`, not this). Several messages of one
 * reason add up. Build one with {@link skippedRecords}.
 */
export interface SkippedRecordsMessage {
  type: 'skipped';
  /** Why, as an upper-case code (`OTHER_STREET`); the report counts per reason. */
  reason: string;
  /** How many records. Default 1. */
  count?: number;
}

/** `yield skippedRecords('OTHER_STREET', 12)`: see {@link SkippedRecordsMessage}. */
export function skippedRecords(reason: string, count = 1): SkippedRecordsMessage {
  return { type: 'skipped', reason, count };
}

export type ReadMessage = SourceRecordMessage | CheckpointMessage | FailedRecordMessage | SnapshotBeginMessage | SnapshotEndMessage | SkippedRecordsMessage;

/** One stream of a source (a table, an endpoint, an event type family). */
// biome-ignore lint/suspicious/noExplicitAny: a connector holds streams of different record types; with unknown, a stream's typed map(record) would not be assignable
export interface StreamDefinition<C = unknown, R = any> {
  /** Stream name, unique in the connector (`residents`, `cases`). */
  name: string;
  /** One line for `connectors discover`. */
  description: string;
  /** Field(s) of the raw record that identify it in the stream. */
  primaryKey: readonly string[];
  /** Field whose value only grows (`updated_at`); set for incremental streams. Default: full refresh. */
  cursorField?: string;
  /**
   * 个人信息字段: where the raw records (as `read()` yields them) hold personal information, by
   * kind — e.g. `{ name: ['row.姓名'], idNumber: ['row.公民身份号码'], mobile: ['row.联系电话'],
   * withheld: ['row.单元', 'row.房号'], l4: ['row.政治面貌'] }` (paths and kinds: see
   * {@link PersonalFields}). The hub masks these in dead letters (table, GraphQL, CLI, DLQ topic)
   * and encrypts ID numbers and mobiles on the raw topics. Declare every person's name, ID number,
   * phone, address below building level and L4 fact the records carry; organisation names, USCC
   * codes, area and grid codes are L1 and stay undeclared. `{}` says "no personal fields". Every
   * built-in stream declares it and the conformance suite requires it; a stream without one is
   * masked by key-name heuristics only.
   */
  personalFields?: PersonalFields;
  /**
   * Reads records from the source, after `cursor` (the last committed checkpoint, `null` on the
   * first run). Yields records, checkpoints, parse failures and counts of records it leaves out
   * on purpose (`skipped`, with a reason); the hub, not the connector,
   * stores the cursor. Must stop when `ctx.signal` is aborted.
   */
  read(ctx: ConnectorContext<C>, cursor: JsonValue | null): AsyncIterable<ReadMessage>;
  /** The record's key in the stream (used for lineage and the version guard). */
  externalId(record: R): string;
  /**
   * The record's version as an ISO-8601 instant (its update or event time). Records without one
   * pass the time the hub read them (the `readAt` argument), e.g. a file's export time.
   */
  version(record: R, readAt: string): string;
  /**
   * Pure: the raw record → canonical changes with natural keys. Throws {@link RecordError} with
   * a reason code when the record cannot be used. No I/O, no clock.
   */
  map(record: R, ctx: { config: C; sourceId: string }): CanonicalChange[];
}

/** A connector: a source type the hub can read. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds connectors of different config types; with unknown, a connector's typed hooks would not be assignable
export interface ConnectorDefinition<C = any> {
  /** Stable id, kebab-case (`street-office`). */
  id: string;
  /** Semver of the connector. */
  version: string;
  displayName: string;
  description: string;
  /** Zod schema of the config; mark secrets with `secret()`. */
  config: z.ZodType<C>;
  /** Can the source be reached with this config? Never throws for expected failures. */
  check(ctx: ConnectorContext<C>): Promise<CheckResult>;
  streams: readonly StreamDefinition<C>[];
}

/** Defines a connector; checks the definition once (unique stream names, kebab-case id, well-formed personal-field declarations). */
export function defineConnector<C>(definition: ConnectorDefinition<C>): ConnectorDefinition<C> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id)) throw new HuijuError('CONNECTOR_INVALID', `connector id "${definition.id}" must be kebab-case`);
  const names = new Set<string>();
  for (const s of definition.streams) {
    if (names.has(s.name)) throw new HuijuError('CONNECTOR_INVALID', `connector ${definition.id}: stream "${s.name}" is defined twice`);
    names.add(s.name);
    if (s.personalFields !== undefined) checkPersonalFields(s.personalFields, `connector ${definition.id}, stream ${s.name}`);
  }
  return Object.freeze({ ...definition, streams: Object.freeze([...definition.streams]) });
}

/** Defines a stream (typed helper; no runtime change). */
export function defineStream<C, R>(definition: StreamDefinition<C, R>): StreamDefinition<C, R> {
  return definition;
}
