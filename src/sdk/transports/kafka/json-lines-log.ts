import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { JsonValue, ReadMessage } from '../../connector';
import { ConnectorError } from '../../connector-error';
import { decodeJsonMessage } from './json-message';
import { offsetsCursor, parseOffsetsCursor } from './offsets-cursor';

/** What {@link readJsonLinesLog} reads and how. */
export interface ReadJsonLinesLogOptions {
  /** The JSON Lines file, as an absolute path (resolve config paths against the config's folder first). */
  file: string;
  /** The last committed cursor (`{ "0": nextLine }`), `null` on the first run. */
  cursor: JsonValue | null;
  /** Lines longer than this many bytes become `OVERSIZE_MESSAGE` failures without being parsed. */
  maxMessageBytes: number;
  /** Stops the read before the next line. */
  signal: AbortSignal;
  /** A checkpoint after every this many lines, and one at the end. Default `500`. */
  checkpointEvery?: number;
}

/**
 * The file mode of this transport: a JSON Lines file read as if it were a topic with one
 * partition (`"0"`) whose offsets are the 0-based line numbers — the same messages, failures
 * and cursor shape as {@link readTopicToEnd}, for demos and tests without a broker, or for a
 * source that drops its event log as a file. The file is treated as an append-only log: a later
 * run reads only the lines after the cursor. Blank lines are no messages (their line numbers
 * still count). Each line is decoded from bytes like a Kafka value, so a line that is not UTF-8
 * fails as `BAD_ENCODING`. Position of each message: `{ file, line }` (1-based line, the file's
 * base name only).
 *
 * A missing or unreadable file is a `config` failure (`FILE_NOT_FOUND`).
 */
export async function* readJsonLinesLog(options: ReadJsonLinesLogOptions): AsyncGenerator<ReadMessage> {
  const { file, signal, maxMessageBytes } = options;
  if (signal.aborted) return;
  const start = parseOffsetsCursor(options.cursor).get(0) ?? 0;
  await assertReadable(file);
  const every = Math.max(1, options.checkpointEvery ?? 500);
  const name = basename(file);
  let next = start;
  let sinceCheckpoint = 0;
  let index = 0;
  for await (const line of lines(file, signal)) {
    const offset = index++;
    if (offset < start) continue;
    if (signal.aborted) return;
    if (!isBlank(line)) {
      const position = { file: name, line: offset + 1 };
      const decoded = decodeJsonMessage(line, maxMessageBytes, `${name}:${offset + 1}`);
      yield decoded.ok ? { type: 'record', data: decoded.value, position } : { type: 'failed', reason: decoded.reason, message: decoded.message, raw: decoded.raw, position };
    }
    next = offset + 1;
    if (++sinceCheckpoint >= every) {
      sinceCheckpoint = 0;
      yield { type: 'checkpoint', cursor: offsetsCursor(new Map([[0, next]])) };
    }
  }
  if (sinceCheckpoint > 0 && !signal.aborted) yield { type: 'checkpoint', cursor: offsetsCursor(new Map([[0, next]])) };
}

/** Lines in the file: the number of messages and blank lines a full read walks through. */
export async function countJsonLines(file: string): Promise<number> {
  await assertReadable(file);
  let n = 0;
  for await (const _ of lines(file, new AbortController().signal)) n++;
  return n;
}

async function assertReadable(file: string): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
  } catch (err) {
    throw new ConnectorError('config', 'FILE_NOT_FOUND', `cannot read the events file ${file}`, { internalMessage: (err as Error).message, cause: err });
  }
}

/** The file's lines as bytes, without their `\n` / `\r\n`; a last line without a newline counts. */
async function* lines(file: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(file, { signal });
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      for (let at = buf.indexOf(0x0a); at >= 0; at = buf.indexOf(0x0a)) {
        yield withoutCr(buf.subarray(0, at));
        buf = buf.subarray(at + 1);
      }
      rest = Buffer.from(buf);
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  } finally {
    stream.destroy();
  }
  if (rest.length > 0) yield withoutCr(rest);
}

function withoutCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

function isBlank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
