import { ConnectorError } from '../connector-error';
import type { ConnectorDefinition } from '../connector';
import { confineSourcePath } from '../source-path';
import { MANIFEST_FIELD } from './manifest-config';
import { formatManifestProblems, loadManifestFile } from './manifest-loader';

/**
 * The connector id a source gives to run a manifest: `connector: manifest` with
 * `config.manifest: <file>` next to the manifest's own config fields. The file is named
 * explicitly by the source (no folder is scanned, no name guessed), resolved against the config
 * folder and confined to it like every path setting.
 */
export const MANIFEST_CONNECTOR = 'manifest';

/** A configured source, as far as finding its manifest needs. */
export interface ManifestSourceRef {
  id: string;
  config: unknown;
  allowPathsOutside?: boolean;
}

/**
 * The connector of a `connector: manifest` source: its `config.manifest` file loaded and compiled.
 * Returns every problem instead, each named by its key (`sources[x].config.manifest: …`, then
 * one line per manifest problem with its file, line and YAML path).
 */
export function manifestSourceConnector(source: ManifestSourceRef, baseDir: string): { connector: ConnectorDefinition } | { problems: string[] } {
  const key = `sources[${source.id}].config.${MANIFEST_FIELD}`;
  const file = (source.config as Record<string, unknown> | null | undefined)?.[MANIFEST_FIELD];
  if (typeof file !== 'string' || file.trim() === '') return { problems: [`${key}: required with connector: ${MANIFEST_CONNECTOR} (the manifest file, e.g. ./connectors/acme.manifest.yaml)`] };
  let absolute: string;
  try {
    absolute = confineSourcePath({ sourceId: source.id, baseDir, allowPathsOutside: source.allowPathsOutside }, MANIFEST_FIELD, file);
  } catch (err) {
    if (err instanceof ConnectorError) return { problems: [err.message] };
    throw err;
  }
  const result = loadManifestFile(absolute);
  if (!result.ok) return { problems: [`${key}: ${file} is not a valid connector manifest:`, ...formatManifestProblems(file, result.problems).split('\n').map((l) => `  ${l}`)] };
  return { connector: result.connector };
}
