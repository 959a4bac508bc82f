/**
 * RFC 4180 CSV parsing with line numbers: fields separated by a delimiter, optionally enclosed
 * in double quotes; a quote inside a quoted field is doubled (`""`); quoted fields may hold
 * delimiters and line breaks. Records end at CRLF, LF or CR.
 *
 * Lenient where real exports break the rules, strict where guessing would corrupt data:
 * - a quote inside an unquoted field is kept as a character (`5"` stays `5"`);
 * - text after a closing quote is appended to the field (`"a"b` → `ab`), as Python's csv does;
 * - a quoted field still open at the end of the file is an error item for that record (the rest
 *   of the file cannot be split reliably), never a silently truncated value.
 */

/** One parsed record (a table row). */
export interface CsvRow {
  kind: 'row';
  /** 1-based physical line on which the record starts. */
  line: number;
  cells: string[];
}

/** A record that could not be parsed. */
export interface CsvError {
  kind: 'error';
  line: number;
  message: string;
  /** The unparsed text of the record (at most 2,000 characters). */
  raw: string;
}

export type CsvItem = CsvRow | CsvError;

export type CsvDelimiter = ',' | '\t' | ';';

export interface CsvOptions {
  /** Field delimiter, or `auto` (default): the most frequent of `,` TAB `;` in the first record. */
  delimiter?: CsvDelimiter | 'auto';
}

const MAX_RAW = 2_000;

/** Picks the delimiter from the first line: the most frequent of `,` TAB `;` outside quotes (`,` on a tie or none). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) counts[ch] += 1;
  }
  let best: CsvDelimiter = ',';
  for (const d of ['\t', ';'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/** Parses CSV text into rows (and error items), in order, with the line each record starts on. */
export function* parseCsv(text: string, options: CsvOptions = {}): Generator<CsvItem> {
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(text) : options.delimiter;
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const start = i;
    const cells: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (!closed) {
          yield { kind: 'error', line: startLine, message: 'a quoted field is not closed before the end of the file', raw: text.slice(start, start + MAX_RAW) };
          return;
        }
      }
      // the unquoted field, or what follows a closing quote, up to the delimiter or the end of the record
      while (i < n) {
        const ch = text[i]!;
        if (ch === delimiter || ch === '\n' || ch === '\r') break;
        field += ch;
        i++;
      }
      cells.push(field);
      if (i >= n) break;
      if (text[i] === delimiter) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    yield { kind: 'row', line: startLine, cells };
  }
}
