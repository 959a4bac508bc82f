import { z } from 'zod';
import { sourcePath } from '../../src/sdk';

/** The `template` connector's settings; README.md repeats them with an example. */
export const templateConfig = z
  .object({
    /** Folder the exports (CSV, TSV, XLSX) are dropped into; relative to the config file. */
    path: sourcePath(z.string().min(1), 'folder with the CSV / XLSX exports, relative to the config file (must stay inside it unless allowPathsOutside)'),
    /** Extra header aliases: canonical header → other names the exports use. Default: none. */
    headerAliases: z.record(z.string(), z.array(z.string().min(1))).default({}).describe('extra header aliases: { "<canonical header>": ["alias", …] }'),
    /** Character set of CSV files: `auto` (BOM, then UTF-8, else GB18030), `utf-8` or `gb18030`. Default `auto`. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto').describe('character set of CSV files: auto, utf-8 or gb18030'),
  })
  .strict();

export type TemplateConfig = z.infer<typeof templateConfig>;
