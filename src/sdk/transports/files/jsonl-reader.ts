/**
 * JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line. Blank lines are skipped; a line that
 * is not valid JSON, or not an object, is an error item (a `BAD_JSON` dead letter) and the
 * lines after it are read as usual.
 */

import { numberText } from './xlsx-reader';

export interface JsonLineObject {
  kind: 'object';
  /** 1-based line number. */
  line: number;
  value: Record<string, unknown>;
}

export interface JsonLineError {
  kind: 'error';
  line: number;
  message: string;
  /** The line as written (at most 10,000 characters). */
  raw: string;
}

export type JsonLineItem = JsonLineObject | JsonLineError;

const MAX_RAW = 10_000;

/** Parses JSON Lines text, line by line, in order. */
export function* parseJsonLines(text: string): Generator<JsonLineItem> {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // the parser's own message quotes the input, which may be personal: name the line only
      yield { kind: 'error', line: i + 1, message: `line ${i + 1} is not valid JSON`, raw: raw.slice(0, MAX_RAW) };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'error', line: i + 1, message: `line ${i + 1} is JSON but not an object`, raw: raw.slice(0, MAX_RAW) };
      continue;
    }
    yield { kind: 'object', line: i + 1, value: value as Record<string, unknown> };
  }
}

/**
 * A JSON value as cell text: strings as they are, numbers and booleans as written, `null` as `''`,
 * objects as JSON. An integer beyond 2^53 (an 18-digit ID written as a JSON number) was rounded by
 * `JSON.parse`: it becomes scientific notation (`4.20102E+17`), which the identifier parsers reject
 * as `EXCEL_PRECISION_LOST`, rather than rounded digits that may pass a check digit.
 */
export function jsonCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) return numberText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
