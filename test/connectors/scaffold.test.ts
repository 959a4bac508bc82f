import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONNECTORS, type InstalledConnector } from '../../connectors/index';
import { insertRegistration, projectRootOf, registrationLines, scaffoldConnector, validateConnectorId } from '../../src/cli/scaffold/connector-scaffold';
import { SCAFFOLD_KINDS, scaffoldNames } from '../../src/cli/scaffold/scaffold-names';
import type { ConnectorDefinition } from '../../src/sdk/connector';
import type { ConformanceFixture } from '../../src/sdk/conformance';
import { runCli } from '../support/run-cli';
import { describeConformance } from './conformance-suite';

/**
 * `huiju connectors new` writes a connector of each kind into a temporary connectors folder, and
 * the one conformance suite runs over them as generated. The folder is in the project's ignored
 * `.huiju/` (the suite's sources resolve paths against the working directory and keep them inside
 * it, and the generated code resolves `zod` from the project's node_modules, as in connectors/).
 */
const ROOT = projectRootOf();
await mkdir(join(ROOT, '.huiju'), { recursive: true });
const DIR = await mkdtemp(join(ROOT, '.huiju', 'scaffold-test-'));

const generated: InstalledConnector[] = [];
const results: Awaited<ReturnType<typeof scaffoldConnector>>[] = [];
for (const kind of SCAFFOLD_KINDS) {
  const result = await scaffoldConnector({ id: `scaffolded-${kind}`, kind, dir: DIR, takenIds: CONNECTORS.map((c) => c.id) });
  results.push(result);
  const module = (await import(join(result.folder, 'index.ts'))) as Record<string, unknown>;
  const connector = Object.values(module).find((v): v is ConnectorDefinition => typeof v === 'object' && v !== null && 'streams' in v);
  if (!connector) throw new Error(`${result.folder}/index.ts exports no connector`);
  generated.push({ connector, conformance: async () => ((await import(join(result.folder, 'conformance.ts'))) as { conformance: ConformanceFixture }).conformance });
}

afterAll(async () => {
  await rm(DIR, { recursive: true, force: true });
});

describe('huiju connectors new', () => {
  it('writes config schema, one stream, a conformance fixture with fixtures and a README for each kind', async () => {
    for (const r of results) {
      expect(r.files).toEqual(expect.arrayContaining(['README.md', 'conformance.ts', 'index.ts', 'people.stream.ts']));
      expect(r.files.some((f) => f.endsWith('.config.ts'))).toBe(true);
      expect(r.files.some((f) => f.startsWith('fixtures/'))).toBe(true);
      expect((await readdir(join(r.folder, 'fixtures'))).length).toBeGreaterThan(0);
      expect(await readFile(join(r.folder, 'README.md'), 'utf8')).toContain(`-t ${r.folder.split(/[\\/]/).at(-1)}`);
    }
    expect(generated.map((g) => g.connector.id)).toEqual(SCAFFOLD_KINDS.map((k) => `scaffolded-${k}`));
  });

  it('prints the registration lines for a folder outside the project, pointing at the folder', () => {
    for (const r of results) {
      expect(r.registration.registered).toBe(false);
      expect(r.registration.file).toBe(join(ROOT, 'connectors', 'index.ts'));
      expect(r.registration.importLine).toMatch(/^import \{ scaffolded\w+Connector \} from '\.\.\/.*\/scaffolded-\w+\/index';$/);
    }
  });

  it('inserts the registration into connectors/index.ts at its two places, the rest unchanged', async () => {
    const index = await readFile(join(ROOT, 'connectors', 'index.ts'), 'utf8');
    const lines = registrationLines(scaffoldNames('volunteer-hours', '../../src/sdk'));
    const next = insertRegistration(index, lines)!;
    expect(next).not.toBeNull();
    const added = next.split('\n').filter((l) => !index.split('\n').includes(l));
    expect(added).toEqual([lines.importLine, lines.entryLine]);
    const entry = next.split('\n').indexOf(lines.entryLine);
    expect(next.split('\n').slice(entry + 1).find((l) => l.trim() !== '')).toBe('];');
    expect(next.indexOf(lines.importLine)).toBeLessThan(next.indexOf('export interface InstalledConnector'));
    expect(insertRegistration(next, lines)).toBe(next);
    expect(insertRegistration('export const X = 1;\n', lines)).toBeNull();
  });

  it('refuses ids that are not kebab-case, reserved or taken, and a folder that exists', async () => {
    for (const id of ['Volunteer', 'volunteer_hours', '9-lives', 'a--b', '-a', 'a-']) expect(() => validateConnectorId(id), id).toThrow(/kebab-case/);
    expect(() => validateConnectorId('template')).toThrow(/reserved/);
    expect(() => validateConnectorId('street-office', CONNECTORS.map((c) => c.id))).toThrow(/taken by an installed connector/);
    await expect(scaffoldConnector({ id: 'scaffolded-files', kind: 'files', dir: DIR })).rejects.toThrow(/exists already/);
    await expect(scaffoldConnector({ id: 'other', kind: 'ftp' as 'files', dir: DIR })).rejects.toThrow(/--kind must be one of files, http, kafka/);
    await expect(scaffoldConnector({ id: 'other', kind: 'files', dir: join(DIR, 'missing') })).rejects.toThrow(/does not exist/);
  });
});

describe('the command', () => {
  it('explains itself in --help', async () => {
    const r = await runCli(['connectors', 'new', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: huiju connectors new [options] <id>');
    for (const word of ['--kind <kind>', 'files', 'http', 'kafka', '--dir <folder>', 'kebab-case', '-t <id>']) expect(r.stdout).toContain(word);
  });

  it('writes a connector elsewhere and prints the registration lines, or refuses a bad id with the reason', async () => {
    const ok = await runCli(['connectors', 'new', 'cli-written', '--kind', 'http', '--dir', DIR]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`wrote ${join(DIR, 'cli-written')}/`);
    expect(ok.stdout).toContain("import { cliWrittenConnector } from '");
    expect(ok.stdout).toContain('-t cli-written');
    const bad = await runCli(['connectors', 'new', 'Cli_Written', '--dir', DIR]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('BAD_USER_INPUT');
    expect(bad.stderr).toContain('must be kebab-case');
    const taken = await runCli(['connectors', 'new', 'street-office', '--dir', DIR]);
    expect(taken.stderr).toContain('taken by an installed connector');
  });

  it('checks the canonical reference in connectors/README.md', async () => {
    const r = await runCli(['connectors', 'reference', '--check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('up to date');
  });
});

describeConformance(generated);

describe('connectors/_template', () => {
  it('is the files template\'s output for the id `template` (its README aside)', async () => {
    const { filesTemplate } = await import('../../src/cli/scaffold/files.template');
    const files = filesTemplate(scaffoldNames('template', '../../src/sdk'));
    for (const [path, text] of Object.entries(files)) {
      if (path === 'README.md') continue;
      expect(await readFile(join(ROOT, 'connectors', '_template', path), 'utf8'), `connectors/_template/${path}`).toBe(text);
    }
  });
});
