import { sql } from 'kysely';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { type Caller, canRead } from '../../auth/caller';
import { READ_CLASSES, type ReadClass } from '../../auth/roles';
import { isSmallGroup, smallGroupRuleApplies } from '../../auth/small-group';
import type { FusionRowEntity } from '../../governance/fusion-index/fusion-index.config';
import { currentFusionQuarter, type FusionPeriod, parseFusionPeriod } from '../../governance/fusion-index/fusion-period';
import { type FusionSettings, fusionSettingsOf, indicatorScore, weightedScore } from '../../governance/fusion-index/fusion-settings';
import { type AdminAreaRow, toAdminAreaType } from '../area/admin-area.type';
import { scopedAreaByCode } from '../area/area.repository';
import { requireRead } from '../authorization/require';
import { areaIdWithin, orTrue, readAreaCode, scopeCondition } from '../common/area-scope';
import { toConnection } from '../common/connection';
import { toGlobalId, type NodeTypeName } from '../common/global-id';
import { pageKey, readPage } from '../common/page';
import type { HubContext } from '../context';
import { badUserInput, codedError, GRAPHQL_ERROR_CODES, notFound } from '../errors';
import { roundRate } from '../stats/round-rate';
import { type FusionFigureRow, type FusionListedRow, type FusionRowsKey, fusionFigures, fusionRowPages, fusionSqlPeriod } from './fusion.repository';
import { FusionElementScoreType, FusionIndexComparisonType, FusionIndexType, FusionIndicatorType, FusionRowConnection, FusionRowType } from './fusion.types';

/** What a caller must be able to read to see an indicator's rows, per row entity. */
const ROW_READ_CLASS: Readonly<Record<FusionRowEntity, ReadClass>> = {
  Household: 'people',
  PartyMember: 'party',
  Organization: 'organizations',
  AdminArea: 'areas',
  Grid: 'areas',
  Case: 'cases',
  Activity: 'activities',
};

function readPeriod(period: string | null | undefined): FusionPeriod {
  if (period === null || period === undefined) return currentFusionQuarter();
  const parsed = parseFusionPeriod(period);
  if (!parsed) throw badUserInput('period', 'period: a month (`2026-11`) or a quarter (`2026-Q4`), China time');
  return parsed;
}

function settingsOf(ctx: HubContext): FusionSettings {
  return fusionSettingsOf(ctx.hub.config.fusionIndex);
}

/** The figures of every indicator for `areaIds` (one statement for all areas of a request and period). */
function loadFigures(ctx: HubContext, period: FusionPeriod, areaIds: readonly string[]): Promise<Map<string, FusionFigureRow>[]> {
  const settings = settingsOf(ctx);
  const loader = ctx.loaders.get<string, Map<string, FusionFigureRow>>(`fusionFigures|${period.label}`, async (ids) => {
    const rows = await fusionFigures(ctx.readDb, ids, settings.indicators, fusionSqlPeriod(ctx.caller, period, settings.freshWithinHours));
    const byArea = new Map<string, Map<string, FusionFigureRow>>(ids.map((id) => [id, new Map()]));
    for (const r of rows) byArea.get(r.target_id)?.set(r.indicator, r);
    return ids.map((id) => byArea.get(id)!);
  });
  return loader.loadMany(areaIds).then((results) =>
    results.map((r) => {
      if (r instanceof Error) throw r;
      return r;
    }),
  );
}

/** The index of one area from its figures: scores by the declared formula, the small-group rule for callers without L4. */
function toFusionIndex(caller: Caller, settings: FusionSettings, area: AdminAreaRow, period: FusionPeriod, figures: Map<string, FusionFigureRow>): FusionIndexType {
  const rule = smallGroupRuleApplies(caller);
  const elements = settings.elements.map((e) => {
    const indicators = e.indicators.map((ind) => {
      const f = figures.get(ind.id);
      const num = f?.num ?? 0;
      const den = f?.den ?? 0;
      const t = new FusionIndicatorType();
      t.id = ind.id;
      t.element = ind.element;
      t.title = ind.title;
      t.titleEn = ind.titleEn;
      t.numeratorDefinition = ind.numerator;
      t.denominatorDefinition = ind.denominator;
      t.unit = ind.unit;
      t.direction = ind.direction;
      t.target = ind.target;
      t.floor = ind.floor;
      t.weight = ind.weight;
      t.partyMembershipBased = ind.l4;
      t.suppressed = ind.l4 && rule && (isSmallGroup(num) || isSmallGroup(den));
      const value = den > 0 ? num / den : null;
      t.numerator = t.suppressed ? null : num;
      t.denominator = t.suppressed ? null : den;
      t.value = t.suppressed ? null : roundRate(value);
      t.score = t.suppressed ? null : indicatorScore(value, ind.target, ind.floor);
      t.areaId = area.id;
      t.period = period;
      t.rowCount = f?.rows ?? 0;
      t.entities = ind.entities;
      return t;
    });
    const el = new FusionElementScoreType();
    el.element = e.element;
    el.title = e.title;
    el.titleEn = e.titleEn;
    el.weight = e.weight;
    el.indicators = indicators;
    el.score = weightedScore(indicators.map((i) => ({ score: i.score, weight: i.weight })));
    return el;
  });
  const index = new FusionIndexType();
  index.area = toAdminAreaType(area);
  index.period = period.label;
  index.startDay = period.startDay;
  index.endDay = period.endDay;
  index.elements = elements;
  index.indicators = elements.flatMap((e) => e.indicators);
  index.score = weightedScore(elements.map((e) => ({ score: e.score, weight: e.weight })));
  return index;
}

async function scopedArea(ctx: HubContext, code: string, field: string): Promise<AdminAreaRow> {
  const row = await scopedAreaByCode(ctx.readDb, ctx.caller, readAreaCode(code, field));
  if (!row) throw notFound('Area', field);
  return row;
}

@Resolver(() => FusionIndicatorType)
export class FusionResolver {
  @Query(() => FusionIndexType, {
    description:
      '融合指数 of an area (its whole subtree) for a month or quarter: 融合理念, 融合结构, 融合平台, 融合机制 scored 0–100 from declared indicators (src/governance/fusion-index/fusion-index.config.ts), over the rows the caller may see. NOT_FOUND when the area is absent or outside the caller\'s scope.',
  })
  async fusionIndex(
    @Arg('area', () => String, { description: 'Area code (6, 9 or 12 digits): a community, street or district.' }) area: string,
    @Arg('period', () => String, { nullable: true, description: 'A month `2026-11` or a quarter `2026-Q4` (China time). Default: the current quarter.' }) period: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<FusionIndexType> {
    requireRead(ctx.caller, 'aggregates', 'fusionIndex');
    const p = readPeriod(period);
    const row = await scopedArea(ctx, area, 'area');
    const [figures] = await loadFigures(ctx, p, [row.id]);
    return toFusionIndex(ctx.caller, settingsOf(ctx), row, p, figures!);
  }

  @Query(() => FusionIndexComparisonType, {
    description:
      'The 融合 index of a street (or district) and of every community inside it the caller may see, ordered by score: one statement for all of them. NOT_FOUND when the area is absent or outside the caller\'s scope.',
  })
  async fusionIndexComparison(
    @Arg('street', () => String, { description: 'Street (or district) code, 6, 9 or 12 digits.' }) street: string,
    @Arg('period', () => String, { nullable: true, description: 'A month `2026-11` or a quarter `2026-Q4` (China time). Default: the current quarter.' }) period: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<FusionIndexComparisonType> {
    requireRead(ctx.caller, 'aggregates', 'fusionIndexComparison');
    const p = readPeriod(period);
    const row = await scopedArea(ctx, street, 'street');
    const communities = await ctx.readDb
      .selectFrom('admin_area as a')
      .selectAll('a')
      .where('a.level', '=', 'community')
      .where(areaIdWithin(sql`a.id`, [row.code]))
      .where(orTrue(scopeCondition(ctx.caller, sql`a.id`)))
      .orderBy('a.code')
      .execute();
    const figures = await loadFigures(ctx, p, [row.id, ...communities.map((c) => c.id)]);
    const settings = settingsOf(ctx);
    const result = new FusionIndexComparisonType();
    result.total = toFusionIndex(ctx.caller, settings, row, p, figures[0]!);
    result.communities = communities
      .map((c, i) => toFusionIndex(ctx.caller, settings, c, p, figures[i + 1]!))
      .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.area.code.localeCompare(b.area.code));
    return result;
  }

  @FieldResolver(() => FusionRowConnection, {
    nullable: true,
    description:
      'The rows the indicator counted (in the caller\'s scope), by area code then row. Null with FORBIDDEN when the caller\'s role may not read the listed entities (households: people; party members: party; cases; activities), or when the figures are withheld.',
  })
  async rows(
    @Root() indicator: FusionIndicatorType,
    @Arg('first', () => Int, { nullable: true, description: 'Rows per page (default 100, at most 1000).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last row seen.' }) after: string | null,
    @Ctx() ctx: HubContext,
  ) {
    const refused = indicator.entities.map((e) => ROW_READ_CLASS[e as FusionRowEntity]).find((cls) => !canRead(ctx.caller, cls));
    if (refused) {
      throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `rows of ${indicator.id}: role ${ctx.caller.role} may not read ${READ_CLASSES[refused]}`, { field: 'rows', readClass: refused });
    }
    if (indicator.suppressed) {
      throw codedError(GRAPHQL_ERROR_CODES.FORBIDDEN, `rows of ${indicator.id}: withheld by the small-group rule (L4)`, { field: 'rows' });
    }
    const page = readPage({ first, after });
    const settings = settingsOf(ctx);
    const period = indicator.period;
    const loader = ctx.loaders.get<FusionRowsKey, FusionListedRow[]>(
      `fusionRows|${period.label}|${pageKey({ first: page.first, after: null })}`,
      async (keys) => {
        const wanted = new Set(keys.map((k) => k.indicator));
        const rows = await fusionRowPages(
          ctx.readDb,
          keys,
          settings.indicators.filter((i) => wanted.has(i.id)),
          fusionSqlPeriod(ctx.caller, period, settings.freshWithinHours),
          page.first,
        );
        const byKey: FusionListedRow[][] = keys.map(() => []);
        for (const r of rows) byKey[r.key_no - 1]!.push(r);
        return byKey;
      },
      { cacheKey: (k) => `${k.targetId}|${k.indicator}|${k.after?.v ?? ''}|${k.after?.id ?? ''}` },
    );
    const listed = await loader.load({ targetId: indicator.areaId, indicator: indicator.id, after: page.after });
    const paged = listed.map((r) => ({ ...r, id: r.row_id, __sort: r.area_code }));
    const rowPage = { rows: paged.slice(0, page.first), hasNextPage: paged.length > page.first, hasPreviousPage: page.after !== null };
    return toConnection(FusionRowConnection, rowPage, toFusionRow, async () => indicator.rowCount);
  }
}

/** Maps a listed row. */
function toFusionRow(r: FusionListedRow): FusionRowType {
  const t = new FusionRowType();
  t.entity = r.entity;
  t.id = toGlobalId(r.entity as NodeTypeName, r.node_id);
  t.label = r.label;
  t.areaCode = r.area_code;
  t.numerator = r.num;
  t.denominator = r.den;
  t.inNumerator = r.num > 0;
  return t;
}
