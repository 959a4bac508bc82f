/**
 * Manifest connectors: a REST/JSON source described in YAML, run with no TypeScript. See
 * README.md in this folder for the format and connectors/README.md for how a source runs one.
 */
export { compileManifest, type ManifestConfig } from './manifest-connector';
export { compileExpression, readPath, type CompiledExpression, type ManifestPath, type ManifestProblem } from './manifest-expression';
export { MANIFEST_FUNCTIONS, type ManifestFunction } from './manifest-functions';
export { formatManifestPath, formatManifestProblems, loadManifestConnector, loadManifestFile, parseManifest, type LocatedManifestProblem, type ManifestLoadResult } from './manifest-loader';
export { nextLink } from './manifest-pagination';
export { MANIFEST_CONNECTOR, manifestSourceConnector } from './manifest-source';
export { connectorManifestSchema, manifestJsonSchema, type ConnectorManifest } from './manifest.schema';
