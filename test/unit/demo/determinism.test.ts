import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateWorld, WORLD_COLLECTIONS, type GenerateOptions, type World } from '../../../src/demo';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const demoEntry = pathToFileURL(fileURLToPath(new URL('../../../src/demo/index.ts', import.meta.url))).href;

function sha256(world: World): string {
  return createHash('sha256').update(JSON.stringify(world)).digest('hex');
}

/** The world's hash computed in a fresh Node process: proves there is no hidden state. */
function hashInChildProcess(options: GenerateOptions): string {
  const code = [
    `import { createHash } from 'node:crypto';`,
    `import { generateWorld } from ${JSON.stringify(demoEntry)};`,
    `const w = generateWorld(${JSON.stringify(options)});`,
    `process.stdout.write(createHash('sha256').update(JSON.stringify(w)).digest('hex'));`,
  ].join('\n');
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  }).trim();
}

describe('generateWorld: determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the same seed gives a byte-identical world, in this process and in a fresh one (tiny)', () => {
    const a = sha256(generateWorld({ profile: 'tiny' }));
    expect(sha256(generateWorld({ profile: 'tiny' }))).toBe(a);
    expect(sha256(generateWorld({ profile: 'tiny', seed: 'huiju' }))).toBe(a);
    expect(hashInChildProcess({ profile: 'tiny' })).toBe(a);
  });

  it('the same seed gives a byte-identical world, in this process and in a fresh one (ci)', () => {
    const a = sha256(generateWorld({ profile: 'ci', seed: 'ci-seed' }));
    expect(sha256(generateWorld({ profile: 'ci', seed: 'ci-seed' }))).toBe(a);
    expect(hashInChildProcess({ profile: 'ci', seed: 'ci-seed' })).toBe(a);
  });

  it('a different seed gives a different world', () => {
    const a = generateWorld({ profile: 'tiny', seed: 'one' });
    const b = generateWorld({ profile: 'tiny', seed: 'two' });
    expect(sha256(a)).not.toBe(sha256(b));
    const ids = new Set(a.persons.map((p) => p.idNumber));
    expect(b.persons.filter((p) => ids.has(p.idNumber)).length).toBeLessThan(5);
  });

  it('never reads the clock or Math.random', () => {
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    const w = generateWorld({ profile: 'tiny' });
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
    expect(w.meta.asOf).toBe('2026-06-30');
  });
});

/** Records of one street: everything keyed by or located in its codes. */
function streetSlice(w: World, seg: string) {
  const prefix = `420102${seg}`;
  const households = w.households.filter((h) => h.householdNo.slice(1, 4) === seg);
  const hh = new Set(households.map((h) => h.householdNo));
  const residencies = w.residencies.filter((r) => hh.has(r.householdNo));
  const people = new Set(residencies.map((r) => r.personId));
  return {
    areas: w.areas.filter((a) => a.code.startsWith(prefix)),
    grids: w.grids.filter((g) => g.code.startsWith(prefix)),
    buildings: w.buildings.filter((b) => b.communityCode.startsWith(prefix)),
    households,
    residencies,
    persons: w.persons.filter((p) => people.has(p.idNumber)),
    partyOrgs: w.partyOrgs.filter((o) => o.areaCode.startsWith(prefix)),
    cases: w.cases.filter((c) => c.communityCode.startsWith(prefix)),
    activities: w.activities.filter((a) => a.communityCode.startsWith(prefix)),
    organizations: w.organizations.filter((o) => o.areaCode.startsWith(prefix) || o.key.includes(prefix)),
    planted: w.planted.filter((p) => (p.collection === 'persons' ? people.has(p.key) : p.key.includes(prefix))),
  };
}

describe('generateWorld: branches are independent', () => {
  const base = generateWorld({ profile: 'tiny' });

  it('adding a street after the others leaves every existing record unchanged', () => {
    const more = generateWorld({ profile: 'tiny', streets: ['002', '003', '004'] });
    expect(more.persons.length).toBeGreaterThan(base.persons.length);
    expect(more.meta.streetCodes).toEqual(['420102002', '420102003', '420102004']);
    for (const c of WORLD_COLLECTIONS) {
      // Branches are appended in generation order, so the smaller world is an exact prefix.
      expect(more[c].slice(0, base[c].length), c).toEqual(base[c]);
    }
  });

  it('adding a street before another leaves that street unchanged', () => {
    const inserted = generateWorld({ profile: 'tiny', streets: ['004', '003', '002'] });
    for (const seg of ['002', '003']) {
      const a = streetSlice(base, seg);
      const b = streetSlice(inserted, seg);
      expect(a.persons.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    }
  });

  it('the first street is the same whatever else is generated, down to its communities and people', () => {
    const alone = generateWorld({ profile: 'tiny', streets: ['002'] });
    expect(streetSlice(alone, '002')).toEqual(streetSlice(base, '002'));
    expect(alone.areas.filter((a) => a.level === 'community')).toEqual(base.areas.filter((a) => a.level === 'community' && a.code.startsWith('420102002')));
  });

  it('scale multiplies the population; streets can be named by 3, 9 or 12 digits', () => {
    const big = generateWorld({ profile: 'tiny', scale: 2 });
    expect(big.persons.length).toBeGreaterThan(base.persons.length * 1.5);
    const byCode = generateWorld({ profile: 'tiny', streets: ['420102002', '420102003000'] });
    expect(sha256(byCode)).toBe(sha256(base));
    expect(() => generateWorld({ profile: 'tiny', streets: ['001'] })).toThrow(/unknown/);
    expect(() => generateWorld({ profile: 'tiny', streets: ['002', '002'] })).toThrow(/twice/);
    expect(() => generateWorld({ profile: 'tiny', scale: 0 })).toThrow(/scale/);
    expect(() => generateWorld({ profile: 'huge' as never })).toThrow(/Unknown demo profile/);
  });
});
