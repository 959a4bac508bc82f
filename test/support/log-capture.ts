import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/** A hub logger (redaction and all) writing into an array instead of stderr, for tests that read what was logged. */
export function captureLog(level = 'debug'): { logger: Logger; lines: string[]; parsed(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
