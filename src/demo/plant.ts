import { citizenIdCheckChar } from '../domain/citizen-id';
import { plant, type BuildContext, type PersonDraft, type StreetInfo } from './build-context';
import { toFullWidth, toLegacy15 } from './identifiers';
import { RETIRED_AREA6, TRADITIONAL_CHARS } from './names';
import type { Rng } from './prng';
import type { PlantedDefect } from './world.types';

/**
 * Planting: deliberately bad or messy values put into a few percent of records, each listed
 * in `world.planted`, so tests can check that normalisation and validation catch them.
 *
 * Person defects are dealt round-robin from {@link PERSON_DEFECT_CYCLE} with a cursor per
 * street that runs across the street's communities, starting half a cycle further for each
 * street ordinal, so even the tiny world (two streets) contains every kind, and which
 * defects a street receives does not depend on the other streets generated.
 */

/** Person defects in the order they are dealt. */
export const PERSON_DEFECT_CYCLE: readonly PlantedDefect[] = [
  'INVALID_ID_CHECKSUM',
  'TRADITIONAL_NAME',
  'LEGACY_15_DIGIT_ID',
  'INVALID_MOBILE',
  'LOWERCASE_X',
  'MOJIBAKE_NAME',
  'FULL_WIDTH_DIGITS',
  'DECORATED_MOBILE',
  'INVALID_ID_DATE',
  'RETIRED_AREA_CODE',
];

/** Person defects that make the stored ID number fail validation (or not be 18 half-width characters). */
export const ID_NUMBER_DEFECTS: ReadonlySet<PlantedDefect> = new Set<PlantedDefect>([
  'INVALID_ID_CHECKSUM',
  'INVALID_ID_DATE',
  'LEGACY_15_DIGIT_ID',
  'LOWERCASE_X',
  'FULL_WIDTH_DIGITS',
]);

/** Check characters of GB 11643. */
const CHECK_CHARS = '0123456789X';

/** Whether a person can carry `defect` at all. */
function eligible(defect: PlantedDefect, d: PersonDraft): boolean {
  const p = d.person;
  switch (defect) {
    case 'LEGACY_15_DIGIT_ID':
      return p.birthDate < '1985-01-01';
    case 'LOWERCASE_X':
      return p.idNumber.endsWith('X');
    case 'RETIRED_AREA_CODE':
      return p.birthDate < '1990-01-01';
    case 'TRADITIONAL_NAME':
      return Array.from(p.name).some((c) => Object.hasOwn(TRADITIONAL_CHARS, c));
    case 'INVALID_MOBILE':
    case 'DECORATED_MOBILE':
      return p.mobile !== null;
    default:
      return true;
  }
}

/**
 * How text looks after its UTF-8 bytes went through the wrong decoder or a lossy round trip:
 * the Latin-1 view of the bytes (`å¼ ä¼Ÿ`), `锟斤拷` (U+FFFD twice, saved as GBK, read back)
 * or bare U+FFFD replacement characters. Short text (names) keeps only its first character
 * readable; longer text keeps its first and last thirds.
 */
export function mojibake(rng: Rng, text: string): string {
  const style = rng.int(0, 2);
  if (style === 0) return Buffer.from(text, 'utf8').toString('latin1');
  const chars = Array.from(text);
  if (chars.length <= 4) return style === 1 ? `${chars[0] ?? ''}锟斤拷` : `${chars[0] ?? ''}\uFFFD\uFFFD`;
  const a = Math.floor(chars.length / 3);
  const b = chars.length - a;
  const middle = style === 1 ? '锟斤拷'.repeat(Math.max(1, Math.floor((b - a) / 3))) : '\uFFFD'.repeat(b - a);
  return chars.slice(0, a).join('') + middle + chars.slice(b).join('');
}

/** Apply one defect to a person; returns the note for the registry, or `null` when it could not be applied. */
function apply(ctx: BuildContext, rng: Rng, defect: PlantedDefect, d: PersonDraft): { field: string; note: string } | null {
  const p = d.person;
  const id = p.idNumber;
  switch (defect) {
    case 'INVALID_ID_CHECKSUM': {
      const good = id[17]!;
      const bad = CHECK_CHARS[(CHECK_CHARS.indexOf(good) + rng.int(1, 10)) % 11]!;
      p.idNumber = id.slice(0, 17) + bad;
      return { field: 'idNumber', note: `check character ${bad} should be ${good}; correct number ${id}` };
    }
    case 'INVALID_ID_DATE': {
      const first17 = `${id.slice(0, 10)}13${id.slice(12, 17)}`;
      if (ctx.idTaken.has(first17)) return null;
      ctx.idTaken.add(first17);
      p.idNumber = first17 + citizenIdCheckChar(first17);
      return { field: 'idNumber', note: `month 13 in the birth date (check character valid); correct number ${id}` };
    }
    case 'LEGACY_15_DIGIT_ID':
      p.idNumber = toLegacy15(id);
      return { field: 'idNumber', note: `15-digit legacy number; upgrades to ${id}` };
    case 'LOWERCASE_X':
      p.idNumber = id.toLowerCase();
      return { field: 'idNumber', note: `lower-case check character; normalises to ${id}` };
    case 'FULL_WIDTH_DIGITS':
      p.idNumber = toFullWidth(id);
      return { field: 'idNumber', note: `full-width digits; normalises to ${id}` };
    case 'RETIRED_AREA_CODE': {
      const area6 = rng.pick(RETIRED_AREA6);
      const first17 = area6 + id.slice(6, 17);
      if (ctx.idTaken.has(first17)) return null;
      ctx.idTaken.add(first17);
      p.idNumber = first17 + citizenIdCheckChar(first17);
      return { field: 'idNumber', note: `area code ${area6} is no longer in GB/T 2260: valid number, warning only` };
    }
    case 'TRADITIONAL_NAME': {
      const clean = p.name;
      p.name = Array.from(clean, (c) => TRADITIONAL_CHARS[c] ?? c).join('');
      return { field: 'name', note: `Traditional characters; Simplified ${clean}` };
    }
    case 'MOJIBAKE_NAME': {
      const clean = p.name;
      p.name = mojibake(rng, clean);
      return { field: 'name', note: `mojibake; clean name ${clean}` };
    }
    case 'INVALID_MOBILE': {
      const clean = p.mobile!;
      p.mobile = rng.chance(0.5) ? clean.slice(0, 10) : `12${clean.slice(2)}`;
      return { field: 'mobile', note: `not a mobile number (was ${clean})` };
    }
    case 'DECORATED_MOBILE': {
      const m = p.mobile!;
      const styles = [
        `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
        `0086${m}`,
        `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`,
        `86-${m}`,
      ];
      p.mobile = rng.pick(styles);
      return { field: 'mobile', note: `decorated; normalises to ${m}` };
    }
    default:
      return null;
  }
}

/**
 * Plant person defects into one community's persons: `ceil(n × personPlantRate)` slots,
 * each taking the next defect of the street's cycle and the first eligible person in
 * this community's shuffled order. A slot whose defect no person here can carry is skipped
 * (the cursor still advances). Mutates the drafts; callers emit references afterwards.
 */
export function plantPersons(ctx: BuildContext, street: StreetInfo, rng: Rng, drafts: readonly PersonDraft[]): void {
  if (drafts.length === 0) return;
  const slots = Math.ceil(drafts.length * ctx.profile.personPlantRate);
  const order = rng.shuffle(drafts);
  const used = new Set<PersonDraft>();
  for (let i = 0; i < slots; i++) {
    const defect = PERSON_DEFECT_CYCLE[street.plantCursor % PERSON_DEFECT_CYCLE.length]!;
    street.plantCursor++;
    const d = order.find((x) => !used.has(x) && eligible(defect, x));
    if (d === undefined) continue;
    const result = apply(ctx, rng, defect, d);
    if (result === null) continue;
    used.add(d);
    plant(ctx, { collection: 'persons', key: d.person.idNumber, field: result.field, defect, note: result.note });
  }
}
