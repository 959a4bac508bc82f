/**
 * Template connector: copy this folder to start a new one (see connectors/README.md).
 *
 * It reads JSON Lines files of people (`*.jsonl` in a folder), one object per line:
 * `{ "id": "...", "id_number": "...", "name": "...", "mobile": "...", "household_no": "...", "updated_at": "..." }`,
 * and maps each line to a person, a household and the residency between them. Each file is read
 * once: the cursor (stored by the hub) lists the content hashes of the files already applied.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { change, ConnectorError, defineConnector, defineStream, isConnectorError, RecordError, resolveSourcePath, sourcePath, type JsonValue, type ReadMessage } from '../../src/sdk';

/** The connector's settings. Every field documented; its README repeats them with an example. */
export const templateConfig = z
  .object({
    /** Folder with the `.jsonl` files; relative to the config file. `sourcePath` keeps it inside the config folder. */
    path: sourcePath(z.string().min(1), 'folder with the .jsonl files, relative to the config file'),
  })
  .strict();

type Config = z.infer<typeof templateConfig>;

/** One line of a people file, as the source writes it. */
interface PersonLine {
  id?: string;
  id_number?: string;
  name?: string;
  mobile?: string | null;
  household_no?: string;
  updated_at?: string;
}

const people = defineStream<Config, PersonLine>({
  name: 'people',
  description: 'People and their households from JSON Lines files',
  primaryKey: ['id'],
  // Where the records hold personal information (paths into the record as read() yields it): the
  // hub masks these in dead letters and encrypts ID numbers and mobiles on the raw topics. Declare
  // every person's name, ID number, phone, address below the building and L4 fact; `{}` when none.
  personalFields: { name: ['name'], idNumber: ['id_number'], mobile: ['mobile'] },
  async *read(ctx, cursor): AsyncIterable<ReadMessage> {
    const done = new Set(Array.isArray(cursor) ? (cursor as string[]) : []);
    const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
    const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl')).sort();
    for (const file of files) {
      const text = await readFile(resolve(folder, file), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      if (done.has(hash)) continue;
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (ctx.signal.aborted) return;
        const line = lines[i]!.trim();
        if (!line) continue;
        try {
          yield { type: 'record', data: JSON.parse(line) as PersonLine, position: { file, line: i + 1 } };
        } catch {
          yield { type: 'failed', reason: 'BAD_JSON', message: `${file}:${i + 1} is not valid JSON`, raw: line, position: { file, line: i + 1 } };
        }
      }
      done.add(hash);
      yield { type: 'checkpoint', cursor: [...done].sort() as JsonValue };
    }
  },
  externalId: (r) => String(r.id ?? ''),
  version: (r, readAt) => r.updated_at ?? readAt,
  map(r) {
    if (!r.id) throw new RecordError('MISSING_FIELD', 'id is missing');
    if (!r.id_number) throw new RecordError('MISSING_FIELD', 'id_number is missing');
    if (!r.name) throw new RecordError('MISSING_FIELD', 'name is missing');
    if (!r.household_no) throw new RecordError('MISSING_FIELD', 'household_no is missing');
    return [
      change('person', { idNumber: r.id_number, name: r.name, mobile: r.mobile ?? null }),
      change('household', { householdNo: r.household_no, kind: 'RESIDENT' }),
      change('residency', { personIdNumber: r.id_number, householdNo: r.household_no, category: 'FLOATING' }),
    ];
  },
});

export const templateConnector = defineConnector<Config>({
  id: 'template',
  version: '1.0.0',
  displayName: 'Template (JSON Lines people)',
  description: 'A minimal file connector to copy when writing a new one',
  config: templateConfig,
  async check(ctx) {
    try {
      const folder = resolveSourcePath(ctx, 'path', ctx.config.path);
      const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl'));
      return { ok: true, message: `${files.length} .jsonl file(s) in ${folder}` };
    } catch (err) {
      if (isConnectorError(err, 'config')) return { ok: false, kind: 'config', message: err.message };
      return { ok: false, kind: 'config', message: `cannot read folder ${ctx.config.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  },
  streams: [people],
});

// ConnectorError is how read() reports a failure of the whole source (not of one record):
// e.g. `throw new ConnectorError('transient', 'SOURCE_UNAVAILABLE', 'the share is not mounted')`.
void ConnectorError;
