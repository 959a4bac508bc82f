import { z } from 'zod';
import { sourcePath } from '../../src/sdk';
import { REGISTRY_TABLE } from './social-org-registry.table';

const CANONICAL = new Set(REGISTRY_TABLE.columns.map((c) => c.name));

/** The `social-org-registry` connector's settings (README.md repeats them with an example). */
export const socialOrgRegistryConfig = z
  .object({
    /** Folder the civil-affairs bureau's files (CSV, JSON Lines) are published into; relative to the config file. */
    path: sourcePath(z.string().min(1), 'folder with the registry files (CSV, JSON Lines), relative to the config file (must stay inside it unless allowPathsOutside)', { kind: 'folder' }),
    /** Extra header aliases (CSV headers, JSON Lines keys): canonical header → other names. Default: none. */
    headerAliases: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .describe('extra header aliases: { "<canonical header>": ["alias", …] }'),
    /** Character set of the files: `auto` (BOM, then UTF-8, else GB18030), `utf-8` or `gb18030`. Default `auto`. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto').describe('character set: auto, utf-8 or gb18030'),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const key of Object.keys(c.headerAliases)) {
      if (!CANONICAL.has(key)) ctx.addIssue({ code: 'custom', path: ['headerAliases', key], message: `not a canonical header (${[...CANONICAL].join(', ')})` });
    }
  });

export type SocialOrgRegistryConfig = z.infer<typeof socialOrgRegistryConfig>;
