import { Arg, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FusionDirection as DomainDirection, FusionElement as DomainElement } from '../../governance/fusion-index/fusion-index.config';
import type { FusionPeriod } from '../../governance/fusion-index/fusion-period';
import { AdminAreaType } from '../area/admin-area.type';
import { connectionType } from '../common/connection';
import { badUserInput } from '../errors';

/** The four elements of integrated party building. */
export const FusionElement = { IDEA: 'IDEA', STRUCTURE: 'STRUCTURE', PLATFORM: 'PLATFORM', MECHANISM: 'MECHANISM' } as const satisfies Record<DomainElement, DomainElement>;
export type FusionElement = DomainElement;

registerEnumType(FusionElement, {
  name: 'FusionElement',
  description: 'An element of integrated party building (融合式党建, the seed article): 融合理念, 融合结构, 融合平台, 融合机制.',
  valuesConfig: {
    IDEA: { description: '融合理念 — the idea: party members reaching every household and taking part.' },
    STRUCTURE: { description: '融合结构 — the structure: party organisations in organisations and grids, regional alliances.' },
    PLATFORM: { description: '融合平台 — the platform: cases unified, data fresh, work flowing through the hub.' },
    MECHANISM: { description: '融合机制 — the mechanism: on time, satisfied, few returns, joint meetings, no duties shifted down.' },
  },
});

export const FusionDirection = { HIGHER_IS_BETTER: 'HIGHER_IS_BETTER', COUNTS_AGAINST: 'COUNTS_AGAINST' } as const satisfies Record<DomainDirection, DomainDirection>;
export type FusionDirection = DomainDirection;

registerEnumType(FusionDirection, {
  name: 'FusionDirection',
  description: 'Whether a higher value is better, or the figure counts against the area (its target is below its floor).',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: 'More is better: the target is above the floor (coverage, on-time, satisfaction …).' },
    COUNTS_AGAINST: { description: 'The figure counts against the area: the target is below the floor (returns per case, duties shifted).' },
  },
});

/** One counted row of an indicator. */
@ObjectType('FusionRow', {
  simpleResolvers: true,
  description:
    'One row an indicator counted: which node (fetch it with `node(id)`, read and masked as any node), a label that is no personal information, its area, and what it adds to the numerator and to the denominator.',
})
export class FusionRowType {
  @Field(() => String, { description: 'The node type: Household, PartyMember, Organization, AdminArea, Grid, Case or Activity.' })
  entity!: string;

  @Field(() => ID, { description: 'Global ID of the node.' })
  id!: string;

  @Field(() => String, { description: 'A label that is no personal information: a household number, an organisation\'s or area\'s name, a grid code, a case\'s source number, a meeting\'s type and day, a party member\'s party organisation.' })
  label!: string;

  @Field(() => String, { description: '12-digit code of the area the row belongs to.' })
  areaCode!: string;

  @Field(() => Boolean, { description: 'True when the row adds to the numerator.' })
  inNumerator!: boolean;

  @Field(() => Int, { description: 'What the row adds to the numerator (1 for a counted row; a case\'s returns for returns-per-case).' })
  numerator!: number;

  @Field(() => Int, { description: 'What the row adds to the denominator (1 for a counted row; the months of the period for a community in joint-meetings; 0 for a row of the numerator only).' })
  denominator!: number;
}

export const FusionRowConnection = connectionType(
  FusionRowType,
  'FusionRow',
  'The rows an indicator counted, in order of area code then row: over all pages their `numerator`s add up to the indicator\'s numerator and their `denominator`s to its denominator.',
);

/** One indicator of an area and period. */
@ObjectType('FusionIndicator', {
  description:
    'One indicator of the 融合 index for an area and period: its declared formula, weight, target and floor (src/governance/fusion-index/fusion-index.config.ts, with the operator\'s `fusionIndex` config), the figures over the rows the caller may see, and the score.',
})
export class FusionIndicatorType {
  @Field(() => String, { description: 'Stable id (the config key), e.g. `contact-coverage`.' })
  id!: string;

  @Field(() => FusionElement, { description: 'The element it belongs to.' })
  element!: FusionElement;

  @Field(() => String, { description: 'Chinese title.' })
  title!: string;

  @Field(() => String, { description: 'English title.' })
  titleEn!: string;

  @Field(() => String, { description: 'What counts in the numerator.' })
  numeratorDefinition!: string;

  @Field(() => String, { description: 'What counts in the denominator.' })
  denominatorDefinition!: string;

  @Field(() => String, { description: 'Unit of the value: `share`, `units per community`, `returns per case`, `meetings per community-month`.' })
  unit!: string;

  @Field(() => FusionDirection, { description: 'Whether more is better or counts against.' })
  direction!: FusionDirection;

  @Field(() => Float, { description: 'Value that scores 100.' })
  target!: number;

  @Field(() => Float, { description: 'Value that scores 0.' })
  floor!: number;

  @Field(() => Float, { description: 'Weight within its element (re-normalised over the indicators with a score).' })
  weight!: number;

  @Field(() => Boolean, { description: 'True when the figure rests on party membership (L4): for roles without L4 a numerator or denominator of 1–4 is withheld.' })
  partyMembershipBased!: boolean;

  @Field(() => Boolean, { description: 'True when the figures are withheld by the L4 small-group rule (numerator, denominator, value and score null).' })
  suppressed!: boolean;

  @Field(() => Int, { nullable: true, description: 'Σ numerator over the counted rows. Null when withheld.' })
  numerator!: number | null;

  @Field(() => Int, { nullable: true, description: 'Σ denominator over the counted rows. Null when withheld.' })
  denominator!: number | null;

  @Field(() => Float, { nullable: true, description: 'numerator / denominator, rounded to 4 places. Null without a denominator or when withheld.' })
  value!: number | null;

  @Field(() => Int, { nullable: true, description: 'clamp((value − floor) / (target − floor), 0, 1) × 100, rounded. Null without a value.' })
  score!: number | null;

  /** The area's row id, the period and the row count, for `rows`. */
  areaId!: string;
  period!: FusionPeriod;
  rowCount!: number;
  entities!: readonly string[];
}

/** One element's score. */
@ObjectType('FusionElementScore', { simpleResolvers: true, description: 'One element of the 融合 index: the weighted mean of its indicators\' scores.' })
export class FusionElementScoreType {
  @Field(() => FusionElement, { description: 'The element.' })
  element!: FusionElement;

  @Field(() => String, { description: 'Chinese title (融合理念 …).' })
  title!: string;

  @Field(() => String, { description: 'English title.' })
  titleEn!: string;

  @Field(() => Float, { description: 'Weight in the index (re-normalised over the elements with a score).' })
  weight!: number;

  @Field(() => Int, { nullable: true, description: 'Weighted mean of the scores of its indicators that have one, rounded (0–100). Null when none has.' })
  score!: number | null;

  @Field(() => [FusionIndicatorType], { description: 'Its indicators, in declaration order.' })
  indicators!: FusionIndicatorType[];
}

/** The 融合 index of one area and period. */
@ObjectType('FusionIndex', {
  simpleResolvers: true,
  description:
    '融合指数 — the integrated party-building index of an area (its whole subtree) for a month or quarter (China time): four elements scored 0–100 from declared indicators, each indicator listing the rows it counted. Computed over the rows the caller may see.',
})
export class FusionIndexType {
  @Field(() => AdminAreaType, { description: 'The area.' })
  area!: AdminAreaType;

  @Field(() => String, { description: 'The period: `2026-11` (month) or `2026-Q4` (quarter).' })
  period!: string;

  @Field(() => String, { description: 'First day of the period (China time), `YYYY-MM-DD`.' })
  startDay!: string;

  @Field(() => String, { description: 'First day after the period (China time), `YYYY-MM-DD`.' })
  endDay!: string;

  @Field(() => Int, { nullable: true, description: 'Weighted mean of the element scores that have one, rounded (0–100). Null when none has.' })
  score!: number | null;

  @Field(() => [FusionElementScoreType], { description: 'The four elements, in order: 理念, 结构, 平台, 机制.' })
  elements!: FusionElementScoreType[];
  @Field(() => [FusionIndicatorType], {
    description:
      'Every indicator of the four elements, in element order (the same objects as `elements.indicators`). Cheaper under the cost limit: a list nested in a list counts 100 × 100, so list `rows` from here.',
  })
  indicators!: FusionIndicatorType[];

  @Field(() => FusionIndicatorType, { description: 'One indicator by id — the way to page through its `rows` (no list above it to multiply the page size). BAD_USER_INPUT for an unknown id.' })
  indicator(@Arg('id', () => String, { description: 'Indicator id, e.g. `contact-coverage`.' }) id: string): FusionIndicatorType {
    const found = this.indicators.find((i) => i.id === id);
    if (!found) throw badUserInput('id', `id: not an indicator of the index (${this.indicators.map((i) => i.id).join(', ')})`);
    return found;
  }
}

/** The index of a street and of each of its communities. */
@ObjectType('FusionIndexComparison', {
  simpleResolvers: true,
  description: 'The 融合 index of an area and of every community inside it the caller may see, the communities ordered by score (highest first, those without a score last), then code. One statement for all of them.',
})
export class FusionIndexComparisonType {
  @Field(() => FusionIndexType, { description: 'The area itself (its whole subtree).' })
  total!: FusionIndexType;

  @Field(() => [FusionIndexType], { description: 'Every community inside it, ordered by score (highest first), then code.' })
  communities!: FusionIndexType[];
}
