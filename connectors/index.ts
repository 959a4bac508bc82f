import type { ConnectorDefinition } from '../src/sdk/connector';
import type { ConformanceFixture } from '../src/sdk/conformance';
import { templateConnector } from './_template/index';
import { committeeApiConnector } from './committee-api/index';
import { propertyEventsConnector } from './property-events/index';
import { socialOrgRegistryConnector } from './social-org-registry/index';
import { streetOfficeConnector } from './street-office/index';

/** An installed connector and the fixtures the conformance suite runs it over. */
export interface InstalledConnector {
  connector: ConnectorDefinition;
  /** Loaded only by tests. */
  conformance(): Promise<ConformanceFixture>;
}

/**
 * Every connector the hub can run, in one explicit list. Adding a connector = its folder and one
 * line here. Ids must be unique (checked below, at start).
 */
export const INSTALLED_CONNECTORS: readonly InstalledConnector[] = [
  { connector: streetOfficeConnector, conformance: async () => (await import('./street-office/conformance')).conformance },
  { connector: committeeApiConnector, conformance: async () => (await import('./committee-api/conformance')).conformance },
  { connector: socialOrgRegistryConnector, conformance: async () => (await import('./social-org-registry/conformance')).conformance },
  { connector: propertyEventsConnector, conformance: async () => (await import('./property-events/conformance')).conformance },
];

/**
 * The template is not installed (no source should run it) but passes the same conformance suite,
 * so a copy of it starts green.
 */
export const TEMPLATE_CONNECTOR: InstalledConnector = {
  connector: templateConnector,
  conformance: async () => (await import('./_template/conformance')).conformance,
};

/** The installed connector definitions. */
export const CONNECTORS: readonly ConnectorDefinition[] = INSTALLED_CONNECTORS.map((i) => i.connector);

const ids = new Set<string>();
for (const c of CONNECTORS) {
  if (ids.has(c.id)) throw new Error(`connectors/index.ts: connector id "${c.id}" is installed twice`);
  ids.add(c.id);
}
