import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { committeeApiConnector } from '../../connectors/committee-api/index';
import { propertyEventsConnector } from '../../connectors/property-events/index';
import { socialOrgRegistryConnector } from '../../connectors/social-org-registry/index';
import { streetOfficeConnector } from '../../connectors/street-office/index';
import type { Hub } from '../hub';
import type { MappedRecord } from '../ingest/ingest-record';
import { countParked } from '../ingest/park/parked-records.repository';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { type StreamRunner, syncSource, type StreamSyncReport } from '../ingest/sync/run-sync';
import { createHubKafka } from '../kafka/client';
import { demoPropertyTopic } from '../kafka/topic-names';
import type { ConnectorDefinition } from '../sdk/connector';
import type { KafkaSecuritySettings } from '../sdk/transports/kafka/kafka-security';
import { redactSecrets } from '../sdk/secret';
import { addDays } from './calendar';
import { generateWorld } from './generate';
import { loadDemoRecords, type DemoRecordsResult } from './load-demo';
import type { ProfileName } from './profiles';
import { startCommitteePlatform } from './render/committee-platform.server';
import { renderPropertyEvents } from './render/property-events.render';
import { renderSocialOrgRegistry } from './render/social-org-registry.render';
import { gridWorkersOf, renderStreetOffice, type RenderedFile } from './render/street-office.render';
import { JIANGAN_AREA6 } from './names';
import { residentsFirst } from './render/variant-spellings';
import type { World } from './world.types';
import { DEMO_SOURCE, worldToRecords } from './world-to-records';
import { addCounts, emptyCounts, type IngestCounts } from '../ingest/ingest-counts';
import { ensureTopics } from '../kafka/topic-admin';

/**
 * Ids of the demo's sources. S1 has one per street: `demo-street-office-002` … for the streets of
 * the main district (江岸区); a street of another district (the variant district) carries its
 * district too, `demo-street-office-420103-002`, so two districts' streets never share a source
 * (and with it a cursor and a snapshot).
 */
export const DEMO_SOURCE_IDS = {
  streetOffice: (streetCode12: string) =>
    streetCode12.startsWith(JIANGAN_AREA6) ? `demo-street-office-${streetCode12.slice(6, 9)}` : `demo-street-office-${streetCode12.slice(0, 6)}-${streetCode12.slice(6, 9)}`,
  committeeApi: 'demo-committee-api',
  socialOrgs: 'demo-social-orgs',
  propertyEvents: 'demo-property-events',
} as const;

/** The Kafka topic the demo publishes the property firms' events to when brokers are configured. */
export const DEMO_PROPERTY_TOPIC = demoPropertyTopic();

/** Organisation kinds no demo source produces: the frame loads them (see {@link frameRecords}). */
const FRAME_ORGANIZATION_KINDS = new Set(['STREET_OFFICE', 'RESIDENTS_COMMITTEE', 'GOVERNMENT_DEPT', 'RESIDENT_UNIT']);

export interface ConnectorDemoOptions {
  profile: ProfileName;
  /** Generator seed. Default `huiju`. */
  seed?: string;
  /**
   * Add the variant district (`generateWorld({ variants: true })`): its sources spell estates,
   * buildings and organisations their own way, and its last street's office drops the 人口 export
   * one sync before the others (residents before their grids). Default `false`.
   */
  variants?: boolean;
  /** Folder the sources' inputs are rendered into (a sub-folder per profile and seed is made). */
  folder: string;
  /**
   * Kafka brokers: the property events are published to {@link DEMO_PROPERTY_TOPIC} and read from
   * there (from the event file when publishing fails). Default: none (read from the event file).
   */
  kafkaBrokers?: readonly string[];
  /** Topic of the property events in Kafka mode. Default `<kafka.topicPrefix>demo.property-events` ({@link DEMO_PROPERTY_TOPIC} with the default prefix). */
  propertyTopic?: string;
  /**
   * Distributed mode: every source's streams run through this runner instead of the write path —
   * `openRawPublisher(...).runStream` publishes them to `huiju.raw.<source>` for ingest workers
   * (given {@link ConnectorDemoResult.sources}) to apply. The frame and the rosters, which no
   * source system publishes, are applied directly either way. Default: applied in-process.
   */
  runStream?: StreamRunner;
  /** Called as each step makes progress: the frame (`demo`) or a source's stream. */
  onProgress?: (step: ConnectorDemoStep) => void;
  /** Called when a step ends. */
  onStepDone?: (step: ConnectorDemoStep) => void;
}

/**
 * One step of the connector demo with its counts so far (`IngestCounts` of the records it read:
 * read = applied + unchanged + stale + deadLetters + parked; `unparked`: parked records of any
 * step its batches applied).
 */
export interface ConnectorDemoStep extends IngestCounts {
  /** Source id: `demo` for the frame, else one of {@link DEMO_SOURCE_IDS}. */
  source: string;
  /** Connector id, `demo` for the frame. */
  connector: string;
  /** Stream (for the frame: `frame` or `rosters`). */
  stream: string;
  read: number;
  /** The dead letters by reason code. */
  reasons: Record<string, number>;
  /** Records of the step's source and stream still parked when it ended; set when it ends. */
  waiting?: number;
  /** How the step ended (`SUCCEEDED`, `FAILED`, `CANCELLED`); unset while it runs. */
  status?: string;
  /** Seconds the step took; set when it ends. */
  seconds?: number;
}

export interface ConnectorDemoResult extends IngestCounts {
  profile: ProfileName;
  seed: string;
  /** Whether the variant district was loaded too. */
  variants: boolean;
  /** Where the inputs were rendered. */
  folder: string;
  /** S4's transport: the event file, or a Kafka topic. */
  propertyEventsFrom: 'file' | 'kafka';
  /** The sources as configured for this run, in sync order (what an ingest worker needs to decode their topics). */
  sources: ResolvedSource[];
  /** Every step in order: frame, S3, S1 per street, rosters, S2, S4. */
  steps: ConnectorDemoStep[];
  /** Totals over the steps (with their counts, `IngestCounts`). */
  read: number;
  reasons: Record<string, number>;
  /**
   * Records still parked when the demo ended, of every source: they wait for a row that none of
   * the demo's records delivered (e.g. a person whose own record was dead-lettered on purpose).
   * They are not expired here: each is applied if its row lands (a later sync), else becomes an
   * `UNRESOLVED_REFERENCE` dead letter after `ingest.parkedFor` (or `huiju parked expire`).
   */
  waiting: number;
  /** The waiting records by source, stream and the kind of row they wait for. */
  waitingFor: { source: string; stream: string; missingEntity: string; count: number }[];
  /** Streams that did not succeed (`source/stream: code message`); empty on success. */
  failures: string[];
  seconds: number;
}

/**
 * Loads the demo the way real data arrives: the synthetic World is rendered into the four source
 * systems' inputs and read by the real connectors through the sync runner —
 *
 * 1. **frame** (source `demo`, direct): the administrative areas (NBS code table: province →
 *    community) and the organisations no source publishes (street offices, residents'
 *    committees, government departments, resident units, property firms without a project);
 * 2. **S3** `demo-social-orgs` (`social-org-registry`): the civil-affairs register, one CSV;
 * 3. **S1** `demo-street-office-<street>` (`street-office`): each street's 网格 / 房屋 / 人口 /
 *    权责清单 exports, one folder per street;
 * 4. **rosters** (source `demo`, direct): party organisations and members, staff roles other than
 *    the grid workers S1 lists, and the people of the World who no export lists (they moved
 *    away) — the party roster and the role lists no source system carries;
 * 5. **S2** `demo-committee-api` (`committee-api`): a simulated committee platform on
 *    127.0.0.1 (ephemeral port, no faults) serving the World's appeals, 12345 tickets,
 *    activities and contact assignments;
 * 6. **S4** `demo-property-events` (`property-events`): the firms' CloudEvents — projects with
 *    their buildings first, owners' committees, repair orders — from the rendered JSON Lines
 *    file, or, with `kafkaBrokers`, published once to {@link DEMO_PROPERTY_TOPIC} (one
 *    partition, so the log order holds) and read from it.
 *
 * With `variants`, the World has the variant district too (see `render/variant-spellings.ts`):
 * its streets are S1 sources like the others, except that the last one's 人口 export is synced
 * alone first and its 网格 / 房屋 / 权责清单 exports in a second sync of the same source (residents
 * before their grids); its firms' project events may follow their repair orders in the log.
 * `src/demo/score` scores the resulting golden records against the World.
 *
 * S4 keys buildings by project code + number and creates them itself (from the project events);
 * S1 keys them by community + 小区 name + number: one physical building is two building rows
 * until the write path matches buildings across those keys.
 *
 * Every record read is accounted for, per step and in total: applied, skipped (unchanged or
 * older), dead-lettered, or parked to wait for a row it refers to (src/ingest/park/). What still
 * waits at the end is counted (`waiting`, `waitingFor`) and left parked — applied if its row lands
 * later, an `UNRESOLVED_REFERENCE` dead letter after `ingest.parkedFor` — never expired here.
 *
 * Deterministic and idempotent: the same profile and seed render the same bytes, so a second
 * run reads no new file, page or event and changes no row. One demo profile per store: the
 * sources' cursors belong to the inputs they read.
 */
export async function loadDemoViaConnectors(hub: Hub, options: ConnectorDemoOptions): Promise<ConnectorDemoResult> {
  const started = Date.now();
  const seed = options.seed ?? 'huiju';
  const variants = options.variants === true;
  const world = generateWorld({ profile: options.profile, seed, variants });
  const folder = demoInputFolder(options);
  const steps: ConnectorDemoStep[] = [];
  const failures: string[] = [];

  const runFrame = async (stream: 'frame' | 'rosters', records: MappedRecord[]) => {
    const step: ConnectorDemoStep = { source: 'demo', connector: 'demo', stream, ...zero() };
    const result = await loadDemoRecords(hub, records, {
      mode: `demo:${options.profile}:${stream}`,
      onProgress: (p: DemoRecordsResult) => options.onProgress?.({ ...step, ...countsOf(p), reasons: {} }),
    });
    // the step's records still waiting: the frame's and the rosters' streams are disjoint
    const streams = new Set(records.map((r) => r.stream));
    const waiting = (await countParked(hub.db, { source: DEMO_SOURCE })).filter((c) => streams.has(c.stream)).reduce((n, c) => n + c.count, 0);
    Object.assign(step, countsOf(result), { reasons: result.reasons, waiting, status: 'SUCCEEDED', seconds: result.seconds });
    steps.push(step);
    options.onStepDone?.(step);
  };
  const sources: ResolvedSource[] = [];
  const runSource = async (source: ResolvedSource) => {
    const { id, connector } = source;
    if (!sources.some((s) => s.id === id)) sources.push(source);
    const reports = await syncSource(hub, source, {
      ...(options.runStream ? { runStream: options.runStream } : {}),
      onProgress: (r: StreamSyncReport) => options.onProgress?.({ source: id, connector: connector.id, stream: r.stream, ...countsOf(r), reasons: r.reasons }),
    });
    for (const r of reports) {
      const step: ConnectorDemoStep = { source: id, connector: connector.id, stream: r.stream, ...countsOf(r), reasons: r.reasons, waiting: r.waiting, status: r.status, seconds: r.seconds };
      steps.push(step);
      if (r.status !== 'SUCCEEDED') failures.push(`${id}/${r.stream}: ${r.error?.code ?? r.status} ${r.error?.message ?? ''}`.trim());
      options.onStepDone?.(step);
    }
  };

  // render every input first: a failure here leaves the store untouched
  const streets = world.areas.filter((a) => a.level === 'street');
  const streetFolder = (code12: string) => join(folder, 'street-office', code12.slice(0, 9));
  // a street whose 人口 export arrives one sync before its 网格 / 房屋 exports: the rest waits here
  const heldBack = new Map<string, RenderedFile[]>();
  for (const street of streets) {
    const files = renderStreetOffice(world, street.code);
    if (residentsFirst(world, street.code)) {
      await writeFiles(streetFolder(street.code), files.filter((f) => f.name.startsWith('人口_')));
      heldBack.set(street.code, files.filter((f) => !f.name.startsWith('人口_')));
    } else {
      await writeFiles(streetFolder(street.code), files);
    }
  }
  await writeFiles(join(folder, 'social-org-registry'), [renderSocialOrgRegistry(world)]);
  const events = renderPropertyEvents(world);
  await writeFiles(join(folder, 'property-events'), [events.file]);

  const records = worldToRecords(world);
  await runFrame('frame', frameRecords(world, records));
  await runSource(socialOrgsSource(folder));
  for (const street of streets) {
    await runSource(streetOfficeSource(folder, street.code));
    const rest = heldBack.get(street.code);
    if (rest) {
      await writeFiles(streetFolder(street.code), rest);
      await runSource(streetOfficeSource(folder, street.code));
    }
  }
  await runFrame('rosters', rosterRecords(world, records));

  // the platform's clock stands at the end of the as-of day: it shows everything the World holds
  const platform = await startCommitteePlatform({ world, seed, faults: false, clock: `${addDays(world.meta.asOf, 1)}T00:00:00+08:00` });
  try {
    await runSource(committeeApiSource(folder, platform));
  } finally {
    await platform.close();
  }

  let propertyEventsFrom: 'file' | 'kafka' = 'file';
  const propertyTopic = options.propertyTopic ?? demoPropertyTopic(hub.config.kafka.topicPrefix);
  if (options.kafkaBrokers && options.kafkaBrokers.length > 0) {
    const topic = propertyTopic;
    try {
      await publishOnce(hub, [...options.kafkaBrokers], topic, events.messages);
      propertyEventsFrom = 'kafka';
    } catch (err) {
      // a demo must not fail on an unreachable broker: the same log is in the file (one message
      // per line, so the offsets cursor means the same in both modes)
      hub.logger.warn({ topic, error: (err as Error).message }, 'cannot publish the demo property events to Kafka: reading them from the event file');
    }
  }
  await runSource(
    propertyEventsSource(
      folder,
      propertyEventsFrom === 'kafka' ? { brokers: [...options.kafkaBrokers!], topic: propertyTopic, ...hubKafkaSecurity(hub) } : { file: join('property-events', events.file.name) },
    ),
  );

  const total = { read: 0, ...emptyCounts(), reasons: {} as Record<string, number> };
  for (const s of steps) {
    total.read += s.read;
    addCounts(total, s);
    for (const [k, v] of Object.entries(s.reasons)) total.reasons[k] = (total.reasons[k] ?? 0) + v;
  }
  // what still waits at the end, of any source: said, never expired silently
  const waitingFor = (await countParked(hub.db)).map(({ source, stream, missingEntity, count }) => ({ source, stream, missingEntity, count }));
  const waiting = waitingFor.reduce((n, w) => n + w.count, 0);
  const seconds = (Date.now() - started) / 1000;
  hub.logger.info(
    { profile: options.profile, read: total.read, applied: total.applied, deadLetters: total.deadLetters, parked: total.parked, unparked: total.unparked, waiting, reasons: total.reasons, seconds },
    'demo data loaded through the connectors',
  );
  return { profile: options.profile, seed, variants, folder, propertyEventsFrom, sources, steps, ...total, waiting, waitingFor, failures, seconds };
}

/** A demo source: the connector's config parsed, secrets redacted for display, inputs under `folder`. */
function demoSource(id: string, connector: ConnectorDefinition, rawConfig: unknown, folder: string): ResolvedSource {
  const config = connector.config.parse(rawConfig);
  return { id, connector, config, displayConfig: redactSecrets(connector.config, config as Record<string, unknown>), scheduleMs: null, baseDir: folder };
}

/** S3: the civil-affairs register rendered into `folder`. */
export function socialOrgsSource(folder: string): ResolvedSource {
  return demoSource(DEMO_SOURCE_IDS.socialOrgs, socialOrgRegistryConnector, { path: 'social-org-registry' }, folder);
}

/** S1: one street office's exports rendered into `folder`. */
export function streetOfficeSource(folder: string, streetCode12: string): ResolvedSource {
  const streetCode = streetCode12.slice(0, 9);
  return demoSource(DEMO_SOURCE_IDS.streetOffice(streetCode12), streetOfficeConnector, { path: join('street-office', streetCode), streetCode, testData: true }, folder);
}

/** S2: the simulated committee platform (its address and credentials). */
export function committeeApiSource(folder: string, platform: { baseUrl: string; token: string; clientId: string; clientSecret: string }): ResolvedSource {
  const { baseUrl, token, clientId, clientSecret } = platform;
  return demoSource(DEMO_SOURCE_IDS.committeeApi, committeeApiConnector, { baseUrl, token, clientId, clientSecret, pageSize: 200 }, folder);
}

/** The hub's own `kafka.ssl` / `kafka.sasl`, for the demo's S4 source that reads the hub's Kafka. */
function hubKafkaSecurity(hub: Hub): KafkaSecuritySettings {
  const { ssl, sasl } = hub.config.kafka;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/** S4: the property firms' events, from the rendered file or a Kafka topic. */
export function propertyEventsSource(folder: string, from: { file: string } | ({ brokers: string[]; topic: string } & KafkaSecuritySettings)): ResolvedSource {
  return demoSource(DEMO_SOURCE_IDS.propertyEvents, propertyEventsConnector, from, folder);
}

/** The folder `loadDemoViaConnectors` renders a profile's inputs into (under `options.folder`). */
export function demoInputFolder(options: Pick<ConnectorDemoOptions, 'folder' | 'profile' | 'seed' | 'variants'>): string {
  const seed = options.seed ?? 'huiju';
  return join(options.folder, `${options.profile}-${seed.replace(/[^\w.-]/g, '_')}${options.variants === true ? '-variants' : ''}`);
}

/**
 * The frame: every area, the organisations of kinds no demo source publishes, and the property
 * firms that serve no project (S4 publishes a firm only with its projects).
 */
export function frameRecords(world: World, records: readonly MappedRecord[]): MappedRecord[] {
  const serving = new Set(world.propertyProjects.map((p) => p.companyKey));
  return records.filter((r) => {
    if (r.stream === 'areas') return true;
    if (r.stream !== 'organizations') return false;
    const o = r.payload as World['organizations'][number];
    return FRAME_ORGANIZATION_KINDS.has(o.kind) || (o.kind === 'PROPERTY_COMPANY' && !serving.has(o.key));
  });
}

/**
 * The rosters: party organisations and members, the staff roles the street exports do not list
 * (every role but each grid's worker), and the people no street export lists (no current
 * residency), whom those rosters may name.
 */
export function rosterRecords(world: World, records: readonly MappedRecord[]): MappedRecord[] {
  const listedWorkers = new Set([...gridWorkersOf(world)].map(([grid, person]) => `${grid}|${person}`));
  const resident = new Set(world.residencies.filter((r) => r.validTo === null).map((r) => r.personId));
  return records.filter((r) => {
    switch (r.stream) {
      case 'party-orgs':
      case 'party-members':
        return true;
      case 'staff-roles': {
        const s = r.payload as World['staffRoles'][number];
        return !(s.role === 'GRID_WORKER' && listedWorkers.has(`${s.gridCode}|${s.personId}`));
      }
      case 'persons':
        return !resident.has((r.payload as World['persons'][number]).idNumber);
      default:
        return false;
    }
  });
}

function zero() {
  return { read: 0, applied: 0, unchanged: 0, stale: 0, deadLetters: 0, reasons: {}, parked: 0, unparked: 0 };
}

function countsOf(r: { read: number; applied: number; unchanged: number; stale: number; deadLetters: number; parked: number; unparked: number }) {
  return { read: r.read, applied: r.applied, unchanged: r.unchanged, stale: r.stale, deadLetters: r.deadLetters, parked: r.parked, unparked: r.unparked };
}

/** Writes files into a folder, leaving a file alone when its content is already there. */
async function writeFiles(dir: string, files: readonly RenderedFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const f of files) {
    const path = join(dir, f.name);
    const existing = await readFile(path).catch(() => null);
    const bytes = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
    if (existing === null || !existing.equals(bytes)) await writeFile(path, bytes);
  }
}

/**
 * Publishes the events to `topic` unless it already holds messages (a second demo run reads the
 * same log again, from its stored offsets): one partition, so the log order the renderer chose
 * (projects before the repair orders on their buildings) is the order the connector reads.
 */
async function publishOnce(hub: Hub, brokers: string[], topic: string, messages: readonly { key: string | null; value: string }[]): Promise<void> {
  const kafka = createHubKafka(hub.config.kafka, 'demo', { brokers });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (topics.includes(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.some((o) => Number(o.high) > 0)) return;
    } else {
      await ensureTopics(admin, [topic], 1, { replicationFactor: 1 });
    }
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value })) });
  } finally {
    await producer.disconnect();
  }
}
