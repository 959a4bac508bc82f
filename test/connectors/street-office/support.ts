import type { ConnectorContext, JsonValue, ReadMessage, StreamDefinition } from '../../../src/sdk';
import { streetOfficeConnector, type StreetOfficeConfig } from '../../../connectors/street-office/index';
import { FIXTURE_DIR } from './fixture-files';

/** The conformance config over the fixtures, parsed. */
export function fixtureConfig(overrides: Partial<StreetOfficeConfig> = {}): StreetOfficeConfig {
  return streetOfficeConnector.config.parse({
    path: FIXTURE_DIR,
    streetCode: '420102002',
    streetName: '大智街道',
    parentAreas: [
      { code: '420000', name: '湖北省' },
      { code: '420100', name: '武汉市' },
      { code: '420102', name: '江岸区' },
    ],
    testData: true,
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
