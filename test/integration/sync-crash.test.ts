import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const CHILD = resolve(__dirname, '../support/sync-child.ts');
const IDS = ['11010519491231002X', '440524188001010014', '360426199101010071', '420102199003070010'];

/** Files of people: valid IDs built from a counter, some bad lines, some repeats across files. */
function writeFiles(folder: string, files: number, perFile: number): void {
  mkdirSync(folder, { recursive: true });
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const idFor = (n: number) => {
    const first17 = `420102${String(19500101 + (n % 28) + 100 * (n % 12)).padStart(8, '0')}${String(n % 1000).padStart(3, '0')}`;
    const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    return first17 + '10X98765432'[sum % 11]!;
  };
  for (let f = 0; f < files; f++) {
    const lines: string[] = ['编号,姓名,公民身份号码,户号,更新时间'];
    for (let i = 0; i < perFile; i++) {
      const n = f * perFile + i;
      if (i % 97 === 13) lines.push(`broken-${n},,,,`); // required cells missing
      else if (i % 89 === 5) lines.push(`p${n},王五,36042619910102009X,H-BAD,`);
      else lines.push(`p${n % (files * perFile - 50)},居民${n},${idFor(n)},H-${Math.floor(n / 3)},2026-06-${String(1 + (f % 28)).padStart(2, '0')}T00:00:00Z`);
    }
    // the template connector reads CSV / XLSX exports, oldest first by the date in the name
    writeFileSync(join(folder, `people_202606${String(f + 1).padStart(2, '0')}.csv`), `${lines.join('\n')}\n`);
  }
  void IDS;
}

function runChild(databaseUrl: string, key: string, folder: string, killAfterBatches?: number): Promise<{ code: number | null; signal: string | null; batches: number; output: string }> {
  return new Promise((res) => {
    // one process (no tsx wrapper), so SIGKILL really kills the sync
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, databaseUrl, key, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    let batches = 0;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      batches += (chunk.toString().match(/batch \d+/g) ?? []).length;
      if (killAfterBatches !== undefined && batches >= killAfterBatches) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => res({ code, signal, batches, output }));
  });
}

async function withDatabase(admin: string): Promise<{ url: string; client: pg.Client; drop(): Promise<void> }> {
  const name = `huiju_crash_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    client,
    async drop() {
      await client.end();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

/** Everything a sync writes, in a comparable form (no generated ids, no times). */
async function contents(client: pg.Client) {
  const q = async (text: string) => (await client.query(text)).rows;
  return {
    persons: await q('select natural_key, name, birth_date from person order by natural_key'),
    households: await q('select natural_key from household order by natural_key'),
    residencies: await q('select natural_key, valid_to from residency order by natural_key'),
    lineage: await q(`select s.source, s.stream, s.external_id, s.entity, s.payload_hash, s.source_version from source_record s order by 1, 2, 3, 4, 5, 6`),
    deadLetters: await q('select source, stream, stage, reason_code, payload_hash, status from dead_letter order by payload_hash, reason_code'),
    cursor: await q('select source_id, stream, cursor from connector_cursor'),
  };
}

const admin = inject('databaseUrl');

describe.skipIf(!admin)('a sync killed with SIGKILL part-way', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  // six processes each start a hub: generous on a loaded 2-core machine
  it('resumes without loss, duplicates or divergence from one clean run', { timeout: 300_000 }, async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'huiju-crash-')), 'drop');
    writeFiles(folder, 10, 120);
    const key = randomBytes(32).toString('hex');

    const clean = await withDatabase(admin!);
    cleanups.push(clean.drop);
    const first = await runChild(clean.url, key, folder);
    expect(first.code).toBe(0);

    const crashed = await withDatabase(admin!);
    cleanups.push(crashed.drop);
    let kills = 0;
    let progress = 0;
    // kill at a different point each time, then let it finish
    for (const after of [3, 6, 10, 4]) {
      const r = await runChild(crashed.url, key, folder, after);
      if (r.signal === "SIGKILL") kills += 1;
      progress += r.batches;
    }
    const last = await runChild(crashed.url, key, folder);
    expect(last.code).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(progress).toBeGreaterThan(0);
    console.info(`sync crash test: ${kills} SIGKILLs, ${progress} batches committed before the kills`);

    const a = await contents(clean.client);
    const b = await contents(crashed.client);
    expect(a.persons.length).toBeGreaterThan(1000);
    expect(a.deadLetters.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });
});
