/**
 * A two-stream test connector whose residents refer to grids that its other stream delivers:
 * `residents` (listed first, so an in-process sync applies it before `grids`) and `grids`.
 * Resident `i` (external id `r<i>`, a valid 18-digit ID) lives in household `GH-<i>` of grid
 * `gridCode(i % grids)`; every grid lies in the community of `districtFrame` (load that first).
 * Used by the parking tests (src/ingest/park/): out-of-order references in one sync, across
 * syncs, and on the Kafka path (the streams land on different partitions).
 */
import { z } from 'zod';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { change, defineConnector, defineStream, RecordError, type ReadMessage } from '../../src/sdk';
import { FRAME_COMMUNITY } from './district-frame';
import { syntheticIdNumber } from './synthetic-people';

export const gridResidentsConfig = z
  .object({
    /** Grids delivered by the `grids` stream. */
    grids: z.number().int().min(1),
    /** Residents; resident i lives in grid i % grids. */
    residents: z.number().int().min(0),
    /** Residents of these numbers live in a grid no stream delivers (their reference never arrives). */
    homeless: z.array(z.number().int()).default([]),
    /** Day added to every version (a newer export). */
    dayOffset: z.number().int().default(0),
  })
  .strict();

type Config = z.infer<typeof gridResidentsConfig>;

/** The 15-digit code of grid `n` (1-based sequence in the frame's community). */
export function gridCode(n: number): string {
  return `${FRAME_COMMUNITY}${String(n + 1).padStart(3, '0')}`;
}

/** The grid no stream delivers. */
export const MISSING_GRID = `${FRAME_COMMUNITY}999`;

/** Resident i's ID number (distinct from the synthetic-people ones). */
export function residentIdNumber(i: number): string {
  return syntheticIdNumber(500_000 + i);
}

/** Resident i's name. */
export function residentName(i: number): string {
  return `住户${i}号`;
}

interface ResidentRow {
  id: string;
  id_number: string;
  name: string;
  household_no: string;
  grid_code: string;
  updated_at: string;
}

interface GridRow {
  code: string;
  name: string;
  updated_at: string;
}

const version = (c: Config) => new Date(Date.UTC(2026, 2, 1 + c.dayOffset)).toISOString();

const residents = defineStream<Config, ResidentRow>({
  name: 'residents',
  description: 'Residents, each in a grid of the grids stream',
  primaryKey: ['id'],
  personalFields: { name: ['name'], idNumber: ['id_number'] },
  async *read(ctx): AsyncIterable<ReadMessage> {
    const homeless = new Set(ctx.config.homeless);
    for (let i = 0; i < ctx.config.residents; i++) {
      const data: ResidentRow = {
        id: `r${i}`,
        id_number: residentIdNumber(i),
        name: residentName(i),
        household_no: `GH-${i}`,
        grid_code: homeless.has(i) ? MISSING_GRID : gridCode(i % ctx.config.grids),
        updated_at: version(ctx.config),
      };
      yield { type: 'record', data, position: { index: i } };
    }
  },
  externalId: (r) => r.id,
  version: (r, readAt) => r.updated_at ?? readAt,
  map(r) {
    if (!r.id_number || !r.name) throw new RecordError('MISSING_FIELD', 'id_number and name are required');
    return [
      change('person', { idNumber: r.id_number, name: r.name }),
      change('household', { householdNo: r.household_no, kind: 'RESIDENT', gridCode: r.grid_code }),
      change('residency', { personIdNumber: r.id_number, householdNo: r.household_no, category: 'FLOATING' }),
    ];
  },
});

const grids = defineStream<Config, GridRow>({
  name: 'grids',
  description: 'Grids of the frame community',
  primaryKey: ['code'],
  personalFields: {},
  async *read(ctx): AsyncIterable<ReadMessage> {
    for (let n = 0; n < ctx.config.grids; n++) yield { type: 'record', data: { code: gridCode(n), name: `第${n + 1}网格`, updated_at: version(ctx.config) }, position: { index: n } };
  },
  externalId: (r) => r.code,
  version: (r, readAt) => r.updated_at ?? readAt,
  map(r) {
    return [change('grid', { code: r.code, name: r.name, communityCode: FRAME_COMMUNITY })];
  },
});

export const gridResidentsConnector = defineConnector<Config>({
  id: 'grid-residents',
  version: '1.0.0',
  displayName: 'Grid residents (tests)',
  description: 'Residents and the grids they live in, as two streams',
  config: gridResidentsConfig,
  async check() {
    return { ok: true };
  },
  streams: [residents, grids],
});

/** A resolved source over {@link gridResidentsConnector}. */
export function gridResidentsSource(id: string, config: z.input<typeof gridResidentsConfig>): ResolvedSource {
  return { id, connector: gridResidentsConnector, config: gridResidentsConfig.parse(config), displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}
