/**
 * `street-office` (S1): a street office's population/grid system exports — 网格, 房屋, 人口 and
 * 权责清单 tables, one per CSV or XLSX file, each a full snapshot — dropped into a folder. See
 * README.md for the config, the column mapping and the dead-letter reasons.
 */
import { stat } from 'node:fs/promises';
import { defineConnector, isConnectorError, resolveSourcePath } from '../../src/sdk';
import { dutyItemsStream } from './duty-items.stream';
import { dwellingsStream } from './dwellings.stream';
import { gridWorkersStream } from './grid-workers.stream';
import { gridsStream } from './grids.stream';
import { describePlan, planExports } from './export-plan';
import { residentsStream } from './residents.stream';
import { streetOfficeConfig, type StreetOfficeConfig } from './street-office.config';

export { streetOfficeConfig, type StreetOfficeConfig } from './street-office.config';
export type { StreetOfficeRecord } from './street-office.records';

export const streetOfficeConnector = defineConnector<StreetOfficeConfig>({
  id: 'street-office',
  version: '1.0.0',
  displayName: 'Street office exports (街道人口/网格系统导出)',
  description: 'Grids, dwellings, residents and duty items from a street office’s CSV/XLSX exports in a folder; each export is a full snapshot',
  config: streetOfficeConfig,
  async check(ctx) {
    try {
      const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
      const s = await stat(folder);
      if (!s.isDirectory()) return { ok: false, kind: 'config', message: `${ctx.config.path} is not a folder` };
      // which files a sync reads and which it ignores, and why (another street, superseded, not an export …)
      return { ok: true, message: describePlan(await planExports(ctx), ctx.config.path) };
    } catch (err) {
      if (isConnectorError(err, 'config')) return { ok: false, kind: 'config', message: err.message };
      return { ok: false, kind: 'config', message: `cannot read folder ${ctx.config.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  },
  // in dependency order: communities and grids before the dwellings and people that point at them,
  // and the people before the grid workers linked to them by name + mobile
  streams: [gridsStream, dwellingsStream, residentsStream, gridWorkersStream, dutyItemsStream],
});
