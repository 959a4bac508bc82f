import type { ScaffoldKind, ScaffoldNames } from './scaffold-names';

/** What differs between the kinds' `index.ts`: their imports, their description and their `check`. */
export interface ConnectorIndexParts {
  kind: ScaffoldKind;
  /** Import lines before the config's (`node:` modules, the SDK, its transports). */
  imports: readonly string[];
  /** What `./people.stream` gives `check` besides `peopleStream`, and the config module besides the config. */
  streamImports?: readonly string[];
  configImports?: readonly string[];
  /** The connector's one-line description. */
  description: string;
  /** The body of `check`'s `try` and `catch`, indented as it stands in the file. */
  tryBody: string;
  catchBody: string;
}

/**
 * The `index.ts` a new connector starts from (every kind of `huiju connectors new`): the connector
 * defined with its config, its `check` and its stream, and the config re-exported.
 */
export function connectorIndexFile(n: ScaffoldNames, p: ConnectorIndexParts): string {
  const configNames = [...(p.configImports ?? []), `${n.camel}Config`, `type ${n.pascal}Config`].join(', ');
  const streamNames = [...(p.streamImports ?? []), 'peopleStream'].join(', ');
  return `/**
 * \`${n.id}\`: ${n.title}. Written by \`huiju connectors new --kind ${p.kind}\` (src/cli/scaffold/${p.kind}.template.ts); see README.md.
 */
${p.imports.join('\n')}
import { ${configNames} } from './${n.id}.config';
import { ${streamNames} } from './people.stream';

export { ${n.camel}Config, type ${n.pascal}Config } from './${n.id}.config';

export const ${n.camel}Connector = defineConnector<${n.pascal}Config>({
  id: '${n.id}',
  version: '0.1.0',
  displayName: '${n.title}',
  description: '${p.description}',
  config: ${n.camel}Config,
  async check(ctx) {
    try {
${p.tryBody}
    } catch (err) {
${p.catchBody}
    }
  },
  streams: [peopleStream],
});
`;
}
