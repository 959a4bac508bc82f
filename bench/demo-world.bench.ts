/**
 * Demo World generation benchmark (`npm run bench -- demo-world [--profile tiny|ci|perf] [--rounds N]`).
 *
 * Times `generateWorld` for one profile, a few rounds with fresh seeds, and prints each round's
 * seconds and the people and cases generated. Moved here from `test/unit/demo/world.test.ts`,
 * whose clock bounds (ci < 5 s, perf < 20 s) flaked on busy machines; the test keeps the counts.
 * Nothing here asserts: timings vary by machine.
 */
import { loadavg } from 'node:os';
import { generateWorld, PROFILES, type ProfileName } from '../src/demo';
import { option } from './support/bench-db';

const PROFILE = option('profile', 'ci') as ProfileName;
const ROUNDS = Number(option('rounds', '3'));
if (!(PROFILE in PROFILES)) throw new Error(`unknown profile ${PROFILE}; one of ${Object.keys(PROFILES).join(', ')}`);

console.log(`demo-world: profile ${PROFILE}, ${ROUNDS} rounds, load ${loadavg()[0]!.toFixed(2)}`);
const seconds: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const t0 = performance.now();
  const world = generateWorld({ profile: PROFILE, seed: `bench-${round}` });
  const s = (performance.now() - t0) / 1000;
  seconds.push(s);
  console.log(`round ${round}: ${s.toFixed(2)} s, ${world.persons.length} persons, ${world.cases.length} cases`);
}
seconds.sort((a, b) => a - b);
console.log(`median ${seconds[Math.floor(seconds.length / 2)]!.toFixed(2)} s`);
