import { z } from 'zod';
import { sourcePath } from '../../src/sdk';
import { CANONICAL_COLUMNS } from './street-office.tables';

/** An ancestor area of the street the connector may create (so a fresh hub can attach the street's communities). */
const parentArea = z
  .object({
    /** 6-digit GB/T 2260 or 12-digit NBS code (`420102`). */
    code: z.string().trim().regex(/^(\d{6}|\d{12})$/, 'must be a 6- or 12-digit area code'),
    /** Name (`江岸区`). */
    name: z.string().trim().min(1),
  })
  .strict();

/** The `street-office` connector's settings (README.md repeats them with an example). */
export const streetOfficeConfig = z
  .object({
    /** Folder the street's exports are dropped into (CSV, XLSX); relative to the config file. */
    path: sourcePath(z.string().min(1), 'folder with the street office exports (CSV, XLSX), relative to the config file (must stay inside it unless allowPathsOutside)', { kind: 'folder' }),
    /**
     * The street (街道) the exports are from: 9-digit NBS code (`420102002`) or 12-digit with a
     * `000` community segment (`420102002000`). Communities, duty items and the residents
     * snapshot scope hang off it.
     */
    streetCode: z
      .string()
      .trim()
      .regex(/^\d{9}(000)?$/, 'must be the 9-digit street code or the 12-digit one ending in 000')
      .describe('the street: 9-digit NBS code (420102002) or 12-digit ending in 000'),
    /**
     * The street's name (`大智街道`). When given, the street itself is written as an area (under
     * its district); leave it out when the hub already has it. Default: not written.
     */
    streetName: z.string().trim().min(1).optional().describe('the street name; when given, the street area is written too'),
    /**
     * Ancestors of the street to write as areas (province, city, district), for a hub that does
     * not have them yet. Default: none (they must exist).
     */
    parentAreas: z.array(parentArea).default([]).describe('ancestor areas of the street (province, city, district) to write when the hub lacks them'),
    /** Mark the areas this source writes as synthetic test data. Default `false`. */
    testData: z.boolean().default(false).describe('mark the areas written as synthetic test data'),
    /** Extra header aliases: canonical header → other headers the exports use. Default: none. */
    headerAliases: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .describe('extra header aliases: { "<canonical header>": ["alias", …] }'),
    /**
     * A glob over the file names of `path` (`*` and `?`; `大智街道_*`, `*_420102002_*.xlsx`): only
     * matching files are this street's, for a folder several streets share whose exports name no
     * street the connector can tell. Default: every export file, its street told by its rows'
     * codes, a title row or its name (see README.md, "Shared folders").
     */
    filePattern: z
      .string()
      .trim()
      .min(1)
      .refine((g) => !g.includes('/'), 'a file name pattern, without folders')
      .optional()
      .describe('glob over file names (大智街道_*): only matching files are this street\'s; default every export file'),
    /** Character set of CSV files: `auto` (BOM, then UTF-8, else GB18030), `utf-8` or `gb18030`. Default `auto`. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto').describe('CSV character set: auto, utf-8 or gb18030'),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const key of Object.keys(c.headerAliases)) {
      if (!CANONICAL_COLUMNS.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['headerAliases', key], message: `not a canonical header of any street-office table (${[...CANONICAL_COLUMNS].join(', ')})` });
      }
    }
    const district = c.streetCode.slice(0, 6);
    const ancestors = new Set([`${district.slice(0, 2)}0000`, `${district.slice(0, 4)}00`, district]);
    c.parentAreas.forEach((a, i) => {
      if (!ancestors.has(a.code.slice(0, 6)) || a.code.slice(6).replace(/0/g, '') !== '') {
        ctx.addIssue({ code: 'custom', path: ['parentAreas', i, 'code'], message: 'must be an ancestor (province, city or district) of streetCode' });
      }
    });
  });

export type StreetOfficeConfig = z.infer<typeof streetOfficeConfig>;

/** The street's 12-digit code (`420102002` → `420102002000`). */
export function streetCode12(config: Pick<StreetOfficeConfig, 'streetCode'>): string {
  return config.streetCode.slice(0, 9).padEnd(12, '0');
}
