import { parseAreaCode } from '../../domain/area-code';
import { mapCoarseStatus, mapSatisfaction } from '../../domain/case-state';
import { parseCitizenId } from '../../domain/citizen-id';
import { parseMobile } from '../../domain/mobile';
import { inferOrganizationKind } from '../../domain/organization-name';
import { normalizeAddress, normalizeName, normalizeText, splitTags, toHalfWidth, toSimplified } from '../../domain/normalize';
import { parseUscc } from '../../domain/uscc';
import { buildCaseHistory, type PlatformStep } from '../case-history';
import type { OrganizationRef } from '../canonical-change';
import { RecordError } from '../connector-error';
import { arrayOf, assertNotMojibake, objectOf, requiredText, text } from '../record-fields';

/**
 * The named functions a manifest's mapping may call (`{ fn: name, args: [...] }`): the SDK's
 * field readers and the domain's normalisers and validators, nothing else. Every function is
 * pure, takes JSON values and returns a JSON value (or `null`); one that rejects the record
 * throws a `RecordError` with its reason code, which dead-letters the record.
 *
 * Identifiers a mapping passes on to a canonical change (ID numbers, mobiles, USCCs, codes)
 * need no validation here: the write path validates them with its own reason codes. The
 * validators are for mappings that branch on validity (`{ if: { fn: isMobile, … } }`).
 */
export interface ManifestFunction {
  /** What it does, for `docs` and for the manifest reference. */
  doc: string;
  /** Fewest and most arguments (checked when the manifest is loaded). */
  minArgs: number;
  maxArgs: number;
  call(...args: unknown[]): unknown;
}

const str = (v: unknown): string | null => text(v);

/** A string id from a field that may be a number (`7` → `"7"`), else `null`. */
function stringId(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A non-negative number from a number or numeric text (`2`, `"1.5"`), else `null`. */
function nonNegativeNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * A reference to an organisation named by a source: by USCC when it has one, else by name within
 * `areaCode`; its kind is the hub's one guess from the name and the USCC
 * (`inferOrganizationKind`).
 */
function organizationRef(name: unknown, uscc: unknown, areaCode: unknown): OrganizationRef | null {
  const n = str(name);
  if (n === null) return null;
  const u = str(uscc);
  const kind = inferOrganizationKind(n, u);
  return u ? { uscc: u, name: n, kind } : { name: n, kind, areaCode: str(areaCode) };
}

/**
 * A platform's coarse case history on the case state machine (src/sdk/case-history.ts):
 * `{ events, status, closedAt }`. `steps` are objects `{ status, at, org, note }` (missing
 * status or time: `MISSING_FIELD` naming `events[i]`); a step's organisation is the first of
 * `knownOrgs` (references, e.g. the handling units) with the same normalised name, else a
 * reference by name in `areaCode`. Unknown labels are `UNKNOWN_STATUS`, impossible moves
 * `ILLEGAL_TRANSITION`.
 */
function caseHistory(createdAt: unknown, updatedAt: unknown, currentStatus: unknown, steps: unknown, knownOrgs: unknown, areaCode: unknown): unknown {
  const platformSteps: PlatformStep[] = arrayOf(steps).map((raw, i) => {
    const e = objectOf(raw);
    return { status: requiredText(e.status, `events[${i}].status`), at: requiredText(e.at, `events[${i}].at`), org: str(e.org), note: str(e.note) };
  });
  const created = str(createdAt) ?? platformSteps[0]?.at;
  if (created === undefined) throw new RecordError('MISSING_FIELD', 'created_at is missing');
  const byName = new Map<string, OrganizationRef>();
  for (const raw of arrayOf(knownOrgs)) {
    const ref = objectOf(raw) as unknown as OrganizationRef;
    if (typeof ref.name !== 'string') continue;
    const known = byName.get(normalizeName(ref.name));
    // a unit with a USCC is the better reference for every later mention of its name
    if (!known || ref.uscc) byName.set(normalizeName(ref.name), ref);
  }
  return buildCaseHistory({
    createdAt: created,
    updatedAt: requiredText(updatedAt, 'updated_at'),
    currentStatus: requiredText(currentStatus, 'status'),
    steps: platformSteps,
    actorOf: (name) => (name === null ? null : (byName.get(normalizeName(name)) ?? organizationRef(name, null, areaCode))),
  });
}

/** Truthiness of the expression language: `null`, `false`, `""`, `0` and `[]` are false. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined && v !== false && v !== '' && v !== 0;
}

const fn = (doc: string, minArgs: number, maxArgs: number, call: (...args: unknown[]) => unknown): ManifestFunction => ({ doc, minArgs, maxArgs, call });

/** The registry, by name. Adding a function = one entry here (and a line in the manifest reference). */
export const MANIFEST_FUNCTIONS: Readonly<Record<string, ManifestFunction>> = Object.freeze({
  // field readers
  text: fn('Trimmed non-empty text (a number becomes its digits), else null.', 1, 1, (v) => str(v)),
  required: fn('Like text, but a missing value dead-letters the record MISSING_FIELD naming args[1].', 2, 2, (v, label) => requiredText(v, String(label))),
  id: fn('A record id from text or a number ("7"), else null.', 1, 1, stringId),
  number: fn('A non-negative number from a number or numeric text ("1.5"), else null.', 1, 1, nonNegativeNumber),
  list: fn('The value when it is an array, else [] (a missing list reads as empty).', 1, 1, (v) => arrayOf(v)),
  compact: fn('The array without null, empty and missing items.', 1, 1, (v) => arrayOf(v).filter((x) => x !== null && x !== undefined && x !== '')),
  concat: fn('The arrays joined into one (non-arrays are added as items; null is skipped).', 1, 20, (...vs) => vs.flatMap((v) => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]))),
  coalesce: fn('The first argument that is not null.', 1, 20, (...vs) => vs.find((v) => v !== null && v !== undefined) ?? null),
  join: fn('Texts joined with args[0] (nulls skipped), null when none.', 2, 20, (sep, ...vs) => {
    const parts = vs.map(str).filter((s): s is string => s !== null);
    return parts.length === 0 ? null : parts.join(String(sep));
  }),
  slice: fn('Characters args[1] up to args[2] (exclusive) of a text, or null.', 2, 3, (v, start, end) => str(v)?.slice(Number(start), end === undefined || end === null ? undefined : Number(end)) ?? null),
  removeSpaces: fn('The text without any whitespace, or null.', 1, 1, (v) => str(v)?.replace(/\s+/g, '') ?? null),
  // comparisons
  equals: fn('True when both are the same text or value.', 2, 2, (a, b) => a === b || (str(a) !== null && str(a) === str(b))),
  contains: fn('True when the text contains args[1].', 2, 2, (v, part) => str(v)?.includes(String(part)) ?? false),
  oneOf: fn('True when the value is one of the other arguments.', 2, 20, (v, ...vs) => vs.includes(v)),
  isNull: fn('True when null or missing.', 1, 1, (v) => v === null || v === undefined),
  not: fn('Negation (of truthiness).', 1, 1, (v) => !truthy(v)),
  and: fn('True when every argument is truthy.', 1, 20, (...vs) => vs.every(truthy)),
  or: fn('True when any argument is truthy.', 1, 20, (...vs) => vs.some(truthy)),
  // rejections
  fail: fn('Dead-letters the record with reason args[0] and message args[1].', 2, 2, (reason, message) => {
    throw new RecordError(String(reason), String(message));
  }),
  notMojibake: fn('The text, or dead-letters the record MOJIBAKE naming the field args[1] when it was mis-decoded; an array is checked item by item ("args[1][i]").', 2, 2, (v, label) => {
    const items = Array.isArray(v) ? v.map((x, i) => [`${label}[${i}]`, str(x)] as const) : [[String(label), str(v)] as const];
    assertNotMojibake(items);
    return v;
  }),
  // domain normalisers (src/domain/normalize.ts)
  normalizeText: fn('NFKC, full-width to half-width, whitespace collapsed (normalizeText).', 1, 1, (v) => (str(v) === null ? null : normalizeText(str(v)!))),
  normalizeName: fn('A name as the hub matches it (normalizeName).', 1, 1, (v) => (str(v) === null ? null : normalizeName(str(v)!))),
  normalizeAddress: fn('An address as the hub matches it (normalizeAddress).', 1, 1, (v) => (str(v) === null ? null : normalizeAddress(str(v)!))),
  halfWidth: fn('Full-width characters to half-width (toHalfWidth).', 1, 1, (v) => (str(v) === null ? null : toHalfWidth(str(v)!))),
  simplified: fn('Traditional characters to simplified (toSimplified).', 1, 1, (v) => (str(v) === null ? null : toSimplified(str(v)!))),
  splitTags: fn('A tag list written as one text (、,;/ …) as an array (splitTags).', 1, 1, (v) => (str(v) === null ? [] : splitTags(str(v)!))),
  // domain validators (src/domain): normalised value, or null when invalid
  mobile: fn('A mainland mobile in its national form (13912345678), or null when it is not one (parseMobile).', 1, 1, (v) => {
    const r = str(v) === null ? null : parseMobile(str(v)!);
    return r?.ok ? r.national : null;
  }),
  isMobile: fn('True when the text is a mainland mobile (parseMobile).', 1, 1, (v) => (str(v) === null ? false : parseMobile(str(v)!).ok)),
  citizenId: fn('An 18-character 身份证号 (a 15-digit one upgraded), or null when invalid (parseCitizenId).', 1, 1, (v) => {
    const r = str(v) === null ? null : parseCitizenId(str(v)!);
    return r?.ok ? r.id18 : null;
  }),
  isCitizenId: fn('True when the 身份证号 passes format, date and checksum (parseCitizenId).', 1, 1, (v) => (str(v) === null ? false : parseCitizenId(str(v)!).ok)),
  birthDateFromId: fn('The birth date (YYYY-MM-DD) a valid 身份证号 holds, else null.', 1, 1, (v) => {
    const r = str(v) === null ? null : parseCitizenId(str(v)!);
    return r?.ok ? r.birthDate : null;
  }),
  uscc: fn('A normalised 统一社会信用代码, or null when malformed (parseUscc).', 1, 1, (v) => {
    const r = str(v) === null ? null : parseUscc(str(v)!);
    return r?.ok ? r.code : null;
  }),
  areaCode12: fn('An area code (6, 9 or 12 digits) padded to 12 digits, or null when invalid (parseAreaCode).', 1, 1, (v) => {
    const r = str(v) === null ? null : parseAreaCode(str(v)!);
    return r?.ok ? r.code12 : null;
  }),
  date: fn('The calendar date (YYYY-MM-DD) of an ISO date or instant (in its own offset), or null when unreadable.', 1, 1, (v) => {
    const s = str(v);
    const m = s === null ? null : /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
    return m && !Number.isNaN(Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`)) ? `${m[1]}-${m[2]}-${m[3]}` : null;
  }),
  instant: fn('An ISO-8601 instant as written when it parses, else null.', 1, 1, (v) => {
    const s = str(v);
    return s !== null && !Number.isNaN(Date.parse(s)) ? s : null;
  }),
  // domain mappings
  satisfaction: fn('满意 / 基本满意 / 不满意 … → SATISFIED / BASICALLY_SATISFIED / DISSATISFIED (mapSatisfaction); unknown: null.', 1, 1, (v) => (str(v) === null ? null : mapSatisfaction(str(v)!))),
  caseStatus: fn('A coarse status label (待受理 … 已退回) on the case state machine (mapCoarseStatus); unknown: null.', 1, 1, (v) => (str(v) === null ? null : mapCoarseStatus(str(v)!))),
  organizationKind: fn("The hub's guess of an organisation's kind from its name and USCC (inferOrganizationKind).", 1, 2, (name, uscc) => (str(name) === null ? null : inferOrganizationKind(str(name)!, str(uscc)))),
  organizationRef: fn('{ uscc, name, kind } when a USCC is given, else { name, kind, areaCode }; null without a name.', 3, 3, organizationRef),
  caseHistory: fn('(createdAt, updatedAt, status, steps, knownOrgs, areaCode) → { events, status, closedAt }: a coarse history on the case state machine (src/sdk/case-history.ts).', 6, 6, caseHistory),
});
