import { z } from 'zod';
import { FUSION_ELEMENT_DECLARATIONS, FUSION_ELEMENTS, FUSION_INDICATORS, FUSION_INDICATOR_IDS } from './fusion-index.config';

const weight = z.number().finite().min(0, 'must be a weight of 0 or more');

/** One indicator's override: any of weight, target, floor. */
const indicatorOverride = z
  .object({
    /** Weight within its element (0 leaves it out). */
    weight: weight.optional(),
    /** Value that scores 100. */
    target: z.number().finite().optional(),
    /** Value that scores 0. */
    floor: z.number().finite().optional(),
  })
  .strict();

/**
 * Config `fusionIndex`: an operator's weights, targets and floors of the 融合 index over the
 * defaults of ./fusion-index.config.ts (which says why each default is what it is). Only in the
 * config file. Checked at start: unknown elements or indicators, a negative weight, all weights
 * of the index or of an element 0, a target equal to its floor, or a target on the wrong side of
 * the floor for the indicator's direction fail with `CONFIG_INVALID` naming the field
 * (`fusionIndex.indicators.on-time.weight: …`).
 */
export const fusionIndexConfigSchema = z
  .object({
    /** Element weights in the index, by element (IDEA, STRUCTURE, PLATFORM, MECHANISM). Default: the declared ones. */
    elements: z
      .object(Object.fromEntries(FUSION_ELEMENTS.map((e) => [e, weight.optional()])) as Record<(typeof FUSION_ELEMENTS)[number], z.ZodOptional<typeof weight>>)
      .strict()
      .default({}),
    /** Per indicator id: `{ weight, target, floor }`. Default `{}`. */
    indicators: z.record(z.string(), indicatorOverride).default({}),
    /** Hours within which a source's last successful sync counts as fresh. Default 48. */
    freshWithinHours: z.number().int().min(1, 'must be at least 1 hour').max(24 * 366).optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    for (const id of Object.keys(cfg.indicators)) {
      if (!FUSION_INDICATOR_IDS.includes(id)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', id], message: `unknown indicator (known: ${FUSION_INDICATOR_IDS.join(', ')})` });
      }
    }
    const elementWeight = (e: (typeof FUSION_ELEMENTS)[number]) => cfg.elements[e] ?? FUSION_ELEMENT_DECLARATIONS.find((d) => d.element === e)!.weight;
    if (FUSION_ELEMENTS.every((e) => elementWeight(e) === 0)) {
      ctx.addIssue({ code: 'custom', path: ['elements'], message: 'at least one element needs a weight above 0' });
    }
    for (const e of FUSION_ELEMENTS) {
      const ids = FUSION_INDICATORS.filter((i) => i.element === e);
      if (elementWeight(e) > 0 && ids.every((i) => (cfg.indicators[i.id]?.weight ?? i.weight) === 0)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', ids[0]!.id, 'weight'], message: `every indicator of ${e} has weight 0: give one a weight, or the element weight 0` });
      }
    }
    for (const i of FUSION_INDICATORS) {
      const o = cfg.indicators[i.id];
      if (!o) continue;
      const target = o.target ?? i.target;
      const floor = o.floor ?? i.floor;
      const field = o.target !== undefined ? 'target' : 'floor';
      if (target === floor) ctx.addIssue({ code: 'custom', path: ['indicators', i.id, field], message: `target and floor may not be equal (${target})` });
      else if (i.direction === 'HIGHER_IS_BETTER' && target < floor) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i.id, field], message: `higher is better for ${i.id}: the target (${target}) must be above the floor (${floor})` });
      } else if (i.direction === 'COUNTS_AGAINST' && target > floor) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i.id, field], message: `${i.id} counts against: the target (${target}) must be below the floor (${floor})` });
      }
    }
  });

export type FusionIndexConfig = z.infer<typeof fusionIndexConfigSchema>;
