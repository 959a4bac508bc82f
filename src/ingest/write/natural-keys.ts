import { parseCitizenId } from '../../domain/citizen-id';
import { parseGridCode } from '../../domain/grid-code';
import { parseAreaCode } from '../../domain/area-code';
import { parseUscc } from '../../domain/uscc';
import { detectMojibake } from '../../domain/mojibake';
import { asWritten, asWrittenLines, normalizeAddress, normalizeName, normalizeText, stripLeadingApostrophe, toHalfWidth } from '../../domain/normalize';
import { parseMobile } from '../../domain/mobile';
import type { BuildingRef, DwellingRef, OrganizationRef, PersonRef } from '../../sdk/canonical-change';
import type { PiiVault } from '../../pii/pii-vault';
import { rejectRecord } from './record-rejection';
import { formatBuildingNumber, normalizeSubNumber, parseBuildingNumber } from '../../domain/building-number';
import { numeralValue } from '../../domain/estate-name';
import { withinLimit } from './text-limits';

/**
 * Natural keys: how the write path recognises the same object again, from any source.
 * Every function validates what it keys and rejects with a reason code otherwise; every text it
 * returns is held to its limit in `text-limits.ts` (`VALUE_TOO_LONG`, naming the field), so no
 * index sees a value too long for it.
 */

/** A 12-digit NBS area code from 6/9/12 digits (padded the NBS way). */
export function areaKey(raw: string, field = 'areaCode'): string {
  const parsed = parseAreaCode(stripLeadingApostrophe(toHalfWidth(String(raw).trim())));
  if (!parsed.ok) throw rejectRecord('VALIDATE', 'INVALID_AREA_CODE', `${field}: ${parsed.message}`);
  return parsed.code12;
}

/** A 15-digit grid code. */
export function gridKey(raw: string, field = 'gridCode'): string {
  const parsed = parseGridCode(stripLeadingApostrophe(toHalfWidth(String(raw).trim())));
  if (!parsed.ok) throw rejectRecord('VALIDATE', 'INVALID_GRID_CODE', `${field}: ${parsed.message}`);
  return parsed.code;
}

/** Result of keying a citizen ID: the person's natural key plus the parsed number. */
export interface PersonKey {
  key: string;
  id18: string;
  birthDate: string;
  sex: 'M' | 'F';
}

/** Person key: keyed hash of the normalised 18-digit ID number (15-digit numbers are upgraded). */
export function personKey(raw: string | null | undefined, vault: PiiVault, field = 'idNumber'): PersonKey {
  if (raw === null || raw === undefined || String(raw).trim() === '') {
    throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  }
  const parsed = parseCitizenId(String(raw));
  if (!parsed.ok) throw rejectRecord('VALIDATE', parsed.reason, `${field}: ${parsed.message}`);
  return { key: `pid:${vault.hash('citizen-id', parsed.id18)}`, id18: parsed.id18, birthDate: parsed.birthDate, sex: parsed.sex };
}

/** Prefix of the key of a person known without an ID number (see {@link personEvidenceKey}). */
export const PERSON_EVIDENCE_PREFIX = 'pev:';

/**
 * What identifies a person known without an ID number: the normalised name with a mobile and/or
 * a birth date. Hashes and dates only; the name is the normalised form the person row stores.
 */
export interface PersonEvidence {
  nameNorm: string;
  /** Keyed hash of the E.164 mobile, or null. */
  mobileHash: string | null;
  mobileE164: string | null;
  birthDate: string | null;
}

/**
 * Evidence of a person without an ID number, or `null` when there is not enough of it (a name
 * alone identifies nobody). Rejects a malformed mobile or date.
 */
export function personEvidence(ref: PersonRef, vault: PiiVault, field = 'person'): PersonEvidence | null {
  const nameNorm = withinLimit(normalizeName(String(ref.name ?? '')), `${field}.name`, 'name');
  if (!nameNorm) return null;
  let mobileE164: string | null = null;
  if (ref.mobile !== null && ref.mobile !== undefined && String(ref.mobile).trim() !== '') {
    const mobile = parseMobile(String(ref.mobile));
    if (!mobile.ok) throw rejectRecord('VALIDATE', mobile.reason, `${field}.mobile: ${mobile.message}`);
    mobileE164 = mobile.e164;
  }
  const birthDate = optionalDate(ref.birthDate, `${field}.birthDate`) ?? null;
  if (mobileE164 === null && birthDate === null) return null;
  return { nameNorm, mobileE164, mobileHash: mobileE164 === null ? null : vault.hash('mobile', mobileE164), birthDate };
}

/**
 * Key of a person known without an ID number: `pev:` + a keyed hash of (name, mobile, birth
 * date). The same evidence always gives the same key; the write path's identity step turns it
 * into the key of the known person it matches, when it matches one.
 */
export function personEvidenceKey(e: PersonEvidence, vault: PiiVault): string {
  return `${PERSON_EVIDENCE_PREFIX}${vault.hash('name', `${e.nameNorm}|${e.mobileE164 ?? ''}|${e.birthDate ?? ''}`)}`;
}

/** Key of a referenced person: by ID number when given, else by evidence; `null` when neither identifies them. */
export function personRefKey(ref: PersonRef, vault: PiiVault, field = 'person'): string | null {
  if (ref.idNumber !== null && ref.idNumber !== undefined && String(ref.idNumber).trim() !== '') return personKey(ref.idNumber, vault, `${field}.idNumber`).key;
  const evidence = personEvidence(ref, vault, field);
  return evidence === null ? null : personEvidenceKey(evidence, vault);
}

/** Result of keying an organisation reference. */
export interface OrganizationKey {
  key: string;
  uscc: string | null;
  usccChecksumValid: boolean | null;
  orgCode: string | null;
  filingNo: string | null;
  nameNorm: string;
}

/** Organisation key: `uscc:<code>`, else `filing:<no>`, else `org:<old org code>`, else `name:<area>:<normalised name>`. */
export function organizationKey(ref: OrganizationRef, field = 'organization'): OrganizationKey {
  const nameNorm = withinLimit(normalizeName(ref.name ?? ''), `${field}.name`, 'name');
  if (ref.uscc && String(ref.uscc).trim() !== '') {
    const parsed = parseUscc(String(ref.uscc));
    if (!parsed.ok) throw rejectRecord('VALIDATE', 'INVALID_USCC_FORMAT', `${field}.uscc: ${parsed.message}`);
    return { key: `uscc:${parsed.code}`, uscc: parsed.code, usccChecksumValid: parsed.checksumValid, orgCode: parsed.orgCode, filingNo: null, nameNorm };
  }
  if (!nameNorm) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field}.name is missing`);
  if (ref.filingNo && String(ref.filingNo).trim() !== '') {
    const filingNo = withinLimit(normalizeText(String(ref.filingNo)).toUpperCase(), `${field}.filingNo`, 'key');
    return { key: `filing:${filingNo}`, uscc: null, usccChecksumValid: null, orgCode: null, filingNo, nameNorm };
  }
  if (ref.orgCode && String(ref.orgCode).trim() !== '') {
    const orgCode = normalizeText(String(ref.orgCode)).toUpperCase().replace(/[-\s]/g, '');
    if (!/^[0-9A-Z]{8}[0-9X]$/.test(orgCode)) throw rejectRecord('VALIDATE', 'INVALID_ORG_CODE', `${field}.orgCode: not a 9-character organisation code`);
    return { key: `org:${orgCode}`, uscc: null, usccChecksumValid: null, orgCode, filingNo: null, nameNorm };
  }
  const area = ref.areaCode ? areaKey(ref.areaCode, `${field}.areaCode`) : '';
  return { key: `name:${area}:${nameNorm}`, uscc: null, usccChecksumValid: null, orgCode: null, filingNo: null, nameNorm };
}

/**
 * '03栋' / '3号楼' / '三幢' / '第3栋' / '3座' / '3' → '3'; 'A座' / 'a栋' → 'A'; '幸福小区03栋' → '幸福小区3'
 * (a street office writes the 小区 before the number). Only the number at the end is rewritten
 * (`src/domain/building-number.ts`): a label already in this form keeps its key.
 */
export function normalizeBuildingNo(raw: string): string {
  return formatBuildingNumber(parseBuildingNumber(normalizeAddress(String(raw))));
}

/** '2单元' / '二单元' / '02' / '2' → '2'; 'a单元' → 'A'. */
export function normalizeUnit(raw: string | null | undefined): string {
  return normalizeSubNumber(normalizeAddress(String(raw ?? '')), /单元$/u);
}

/** '501室' / '501号' / '0501' / '501' → '501'; '501a' → '501A'. */
export function normalizeRoom(raw: string): string {
  return normalizeSubNumber(normalizeAddress(String(raw)), /(室|号|房)$/u);
}

/** A Chinese numeral up to 99 (or digits) as digits without leading zeros: '三' → '3', '十二' → '12'; other text unchanged. */
export function chineseNumber(s: string): string {
  return numeralValue(s) ?? s;
}

/** Building key: `<project code or community code>:<normalised number>`. */
export function buildingKey(ref: BuildingRef, field = 'building'): string {
  if (!ref.buildingNo || String(ref.buildingNo).trim() === '') throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field}.buildingNo is missing`);
  const scope = ref.projectCode && String(ref.projectCode).trim() !== ''
    ? `p:${withinLimit(normalizeText(String(ref.projectCode)).toUpperCase(), `${field}.projectCode`, 'key')}`
    : `c:${areaKey(ref.communityCode, `${field}.communityCode`)}`;
  return `${scope}:${withinLimit(normalizeBuildingNo(ref.buildingNo), `${field}.buildingNo`, 'key')}`;
}

/** Dwelling key: building key + unit + room. */
export function dwellingKey(ref: DwellingRef, field = 'dwelling'): string {
  if (!ref.room || String(ref.room).trim() === '') throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field}.room is missing`);
  return `${buildingKey(ref.building, `${field}.building`)}:${withinLimit(normalizeUnit(ref.unit), `${field}.unit`, 'key')}:${withinLimit(normalizeRoom(ref.room), `${field}.room`, 'key')}`;
}

/** Household key: the normalised 户号. */
export function householdKey(raw: string, field = 'householdNo'): string {
  const s = stripLeadingApostrophe(normalizeText(String(raw ?? ''))).toUpperCase();
  if (!s) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return withinLimit(s, field, 'key');
}

/** A plain code (project, party org, duty item): trimmed, half-width, upper-case. */
export function codeKey(raw: string, field: string): string {
  const s = stripLeadingApostrophe(normalizeText(String(raw ?? ''))).toUpperCase();
  if (!s) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return withinLimit(s, field, 'key');
}

/**
 * Requires a non-empty display text (a title, an address, a unit's name) and returns it as the
 * source wrote it ({@link asWritten}: no control characters, outer whitespace trimmed). Nothing is
 * normalised: the stored value is what people read. For a value compared or grouped on, see
 * {@link requiredLabel}.
 */
export function requiredText(raw: string | null | undefined, field: string, kind: 'text' | 'name' = 'text'): string {
  const s = asWritten(String(raw ?? ''));
  if (!s) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return withinLimit(s, field, kind);
}

/** Optional display text: as written ({@link requiredText}), or undefined when blank. */
export function optionalText(raw: string | null | undefined, field: string): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const s = asWritten(String(raw));
  return s === '' ? undefined : withinLimit(s, field, 'text');
}

/**
 * Optional multi-line display text (a case description): as written with its line breaks
 * ({@link asWrittenLines}), or undefined when blank.
 */
export function optionalLines(raw: string | null | undefined, field: string): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const s = asWrittenLines(String(raw));
  return s === '' ? undefined : withinLimit(s, field, 'freeText');
}

/**
 * Requires a value of a vocabulary the hub compares, groups or keys on (a category, a channel,
 * an activity type, a source system) and returns it normalised ({@link normalizeText}: half-width,
 * Simplified, whitespace collapsed), so `物業管理` and `物业管理` count as one.
 */
export function requiredLabel(raw: string | null | undefined, field: string): string {
  const s = normalizeText(String(raw ?? ''));
  if (!s) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return withinLimit(s, field, 'label');
}

/** Optional vocabulary value: normalised ({@link requiredLabel}), or undefined when blank. */
export function optionalLabel(raw: string | null | undefined, field: string): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const s = normalizeText(String(raw));
  return s === '' ? undefined : withinLimit(s, field, 'label');
}

/** A `'YYYY-MM-DD'` date, or undefined. Rejects malformed dates. */
export function optionalDate(raw: string | null | undefined, field: string): string | undefined {
  if (raw === null || raw === undefined || String(raw).trim() === '') return undefined;
  const s = toHalfWidth(String(raw).trim()).replace(/[./年月]/g, '-').replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (!m) throw rejectRecord('VALIDATE', 'INVALID_DATE', `${field}: not a date`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw rejectRecord('VALIDATE', 'INVALID_DATE', `${field}: not a calendar date`);
  return iso;
}

/** An ISO-8601 instant (with offset), or undefined. Rejects unparseable values. */
export function optionalInstant(raw: string | null | undefined, field: string): string | undefined {
  if (raw === null || raw === undefined || String(raw).trim() === '') return undefined;
  const d = new Date(String(raw));
  if (Number.isNaN(d.getTime())) throw rejectRecord('VALIDATE', 'INVALID_TIMESTAMP', `${field}: not a timestamp`);
  return d.toISOString();
}

/** Like {@link optionalInstant} but required. */
export function requiredInstant(raw: string | null | undefined, field: string): string {
  const v = optionalInstant(raw, field);
  if (v === undefined) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return v;
}

/**
 * A required name: `name` as the source wrote it ({@link asWritten}), the value stored and shown;
 * `nameNorm` its match form ({@link normalizeName}: half-width, Simplified, dots unified, spaces
 * out), the value keys, matching and search compare. Rejected as `MOJIBAKE` when it shows
 * mis-decoded text, `MISSING_FIELD` when blank.
 */
export function requiredName(raw: string | null | undefined, field: string): { name: string; nameNorm: string } {
  const name = requiredText(raw, field, 'name');
  const garbled = detectMojibake(String(raw));
  if (garbled) throw rejectRecord('VALIDATE', 'MOJIBAKE', `${field} looks mis-decoded (${garbled.pattern})`);
  const nameNorm = normalizeName(name);
  if (!nameNorm) throw rejectRecord('VALIDATE', 'MISSING_FIELD', `${field} is missing`);
  return { name, nameNorm };
}
