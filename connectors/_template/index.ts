/**
 * `template`: Template. Written by `huiju connectors new --kind files` (src/cli/scaffold/files.template.ts); see README.md.
 */
import { stat } from 'node:fs/promises';
import { defineConnector, isConnectorError, resolveSourcePath } from '../../src/sdk';
import { listFiles } from '../../src/sdk/transports/files';
import { templateConfig, type TemplateConfig } from './template.config';
import { PEOPLE_EXTENSIONS, peopleStream } from './people.stream';

export { templateConfig, type TemplateConfig } from './template.config';

export const templateConnector = defineConnector<TemplateConfig>({
  id: 'template',
  version: '0.1.0',
  displayName: 'Template',
  description: 'People and their households from CSV / XLSX exports in a folder',
  config: templateConfig,
  async check(ctx) {
    try {
      const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
      if (!(await stat(folder)).isDirectory()) return { ok: false, kind: 'config', message: `config.path: ${ctx.config.path} is not a folder` };
      const files = await listFiles(folder, { extensions: PEOPLE_EXTENSIONS, followLinksOutside: ctx.allowPathsOutside ?? false });
      return { ok: true, message: `${files.length} export file(s) in ${ctx.config.path}` };
    } catch (err) {
      if (isConnectorError(err, 'config')) return { ok: false, kind: 'config', message: err.message };
      return { ok: false, kind: 'config', message: `config.path: cannot read folder ${ctx.config.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  },
  streams: [peopleStream],
});
