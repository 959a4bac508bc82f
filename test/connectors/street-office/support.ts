import type { ConnectorContext, JsonValue, ReadMessage, StreamDefinition } from '../../../src/sdk';
import { streetOfficeConnector, type StreetOfficeConfig } from '../../../connectors/street-office/index';
import { FIXTURE_CONFIG } from '../../../connectors/street-office/conformance';

/** The conformance config over the fixtures, parsed. */
export function fixtureConfig(overrides: Partial<StreetOfficeConfig> = {}): StreetOfficeConfig {
  return streetOfficeConnector.config.parse({
    ...FIXTURE_CONFIG,
    ...overrides,
  });
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn';
  message: string;
  fields: Record<string, unknown>;
}

export function context(config: StreetOfficeConfig, signal = new AbortController().signal, log: LogLine[] = []): ConnectorContext<StreetOfficeConfig> {
  return {
    config,
    sourceId: 'dazhi',
    signal,
    baseDir: process.cwd(),
    // the reading tests point `path` at temp folders; confinement is tested in store-hygiene.test.ts
    allowPathsOutside: true,
    logger: {
      debug: (fields, message) => log.push({ level: 'debug', message, fields }),
      info: (fields, message) => log.push({ level: 'info', message, fields }),
      warn: (fields, message) => log.push({ level: 'warn', message, fields }),
    },
  };
}

export function stream(name: string): StreamDefinition<StreetOfficeConfig> {
  const s = streetOfficeConnector.streams.find((x) => x.name === name);
  if (!s) throw new Error(`no stream ${name}`);
  return s;
}

export async function readAll(name: string, config: StreetOfficeConfig, cursor: JsonValue | null = null, log: LogLine[] = []): Promise<ReadMessage[]> {
  const out: ReadMessage[] = [];
  for await (const m of stream(name).read(context(config, undefined, log), cursor)) out.push(m);
  return out;
}
