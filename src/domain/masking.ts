import { parseMobile } from './mobile';
import { toHalfWidth } from './normalize';

/**
 * 脱敏展示 (GB/T 35273 masked display, DOMAIN.md §6). Each function takes a clear value and
 * returns its default display form; clear values need a permission the caller checks. All
 * functions are total: a value they do not recognise is masked more, never less.
 */

/** 复姓: two-character surnames, kept whole when masking (`欧阳娜娜` → `欧阳**`). */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '令狐', '钟离', '澹台', '端木', '南宫', '西门', '闻人', '申屠', '赫连', '太史',
  '万俟', '呼延', '百里', '东郭', '独孤', '拓跋', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔',
  '仲孙', '羊舌', '微生', '梁丘', '左丘', '东门', '第五', '鲜于', '闾丘', '司空', '亓官',
  '司寇', '巫马', '乐正', '壤驷', '公良', '漆雕', '谷梁', '段干', '公西',
]);

/** Middle-dot look-alikes between the parts of transliterated names. */
const NAME_DOT = /[·•．・‧∙]/u;

/**
 * 姓名脱敏: keep the surname, star the rest, one star per character: `张三` → `张*`,
 * `欧阳娜娜` → `欧阳**` (compound surnames from {@link COMPOUND_SURNAMES}, only when a given
 * name follows). Dotted names keep the first character and the dots: `买买提·艾力` →
 * `买**·**`. A one-character value becomes `*`.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  return chars
    .map((ch, i) => (i < keep || NAME_DOT.test(ch) || ch === ' ' ? ch : '*'))
    .join('');
}

/**
 * 身份证号脱敏: the first 6 characters (the area code) and the last one (the check character)
 * are kept, the birth date and the sequence number are starred:
 * `420102199003070010` → `420102***********0`; a 15-digit number likewise. The usual
 * "first 6 + last 4" display leaves only the eight birth-date digits hidden, so anyone who knows
 * a person's birthday (or, with `birthYear` beside it, ~33 candidates) has the whole number;
 * with the sequence hidden too, a known birthday still leaves ~90 candidates and a birth year
 * ~33,000. Anything else is starred entirely.
 */
export function maskIdNumber(id: string): string {
  const s = toHalfWidth(id).replace(/\s+/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(s) || /^\d{15}$/.test(s)) {
    return `${s.slice(0, 6)}${'*'.repeat(s.length - 7)}${s.slice(-1)}`;
  }
  return '*'.repeat(Array.from(s).length);
}

/**
 * 手机号脱敏: `139****5678`, from a national or E.164 number with any decorations. Other
 * phone numbers with ≥7 digits (landlines) keep the first 3 and last 4 digits; shorter
 * values are starred entirely.
 */
export function maskMobile(mobile: string): string {
  const parsed = parseMobile(mobile);
  const digits = parsed.ok ? parsed.national : toHalfWidth(mobile).replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}${'*'.repeat(4)}${digits.slice(-4)}`;
  return '*'.repeat(Array.from(mobile.trim()).length);
}

/** Building tokens: `3栋`, `12号楼`, `B幢`, `三栋`, `5#楼` / `5#`, `A座`; Traditional `3棟`, `12號樓` too (addresses are stored as written). */
const BUILDING = /[0-9A-Za-z一二三四五六七八九十百零〇]+(?:栋|棟|幢|号楼|號樓|#[楼樓]?|座)/u;
/** Unit or room tokens that start the part to drop when no building token is present (Simplified or Traditional). */
const UNIT_OR_ROOM = /[0-9A-Za-z一二三四五六七八九十]+(?:单元|單元|室|号房|號房|户|戶)/u;
/** `3-2-501` style building-unit-room at the end. */
const DASHED_TAIL = /(\d+)(?:-\d+){1,2}$/u;

/**
 * 地址脱敏 (cut to building): keep up to and including the first building token (栋, 幢,
 * 号楼, `#`, 座) and drop unit and room: `幸福小区3栋2单元501` → `幸福小区3栋`. Without a
 * building token, cut before the first unit/room token; a trailing `3-2-501` keeps its
 * first (building) number: `幸福小区3-2-501` → `幸福小区3`. Otherwise unchanged (a
 * street-number address is already house level, L2). Addresses are stored as written, so the
 * tokens are found in the half-width form (`３栋`, `３－２－５０１` too) and the written text is cut.
 */
export function maskAddress(address: string): string {
  const s = address.trim();
  // toHalfWidth maps one UTF-16 unit to one: an index in `h` is the same index in `s`
  const h = toHalfWidth(s);
  const building = BUILDING.exec(h);
  if (building) return s.slice(0, building.index + building[0].length);
  const unit = UNIT_OR_ROOM.exec(h);
  if (unit) return s.slice(0, unit.index);
  const tail = DASHED_TAIL.exec(h);
  if (tail) return s.slice(0, tail.index + tail[1]!.length);
  return s;
}

/**
 * 出生日期脱敏: year only: `1990-03-07` → `1990` (also `19900307`, `1990/3/7`,
 * `1990年3月7日`). A value without a leading 4-digit year becomes `****`.
 */
export function maskBirthDate(date: string): string {
  const m = /^\s*(\d{4})/.exec(toHalfWidth(date));
  return m ? m[1]! : '****';
}

/** A digit in either width. */
const D = '[0-9０-９]';
/** 18- or 15-character ID numbers not embedded in a longer digit string. */
const ID_IN_TEXT = new RegExp(`(?<![0-9０-９])(?:${D}{17}[0-9０-９XxＸｘ]|${D}{15})(?![0-9０-９XxＸｘ])`, 'gu');
/** Mobiles with an optional +86 / 0086 / 86 prefix and single spaces or dashes between digits. */
const MOBILE_IN_TEXT = new RegExp(
  `(?<![0-9０-９+＋])(?:(?:[+＋]|00)?86[\\s\\-－]?)?[1１][3-9３-９](?:[\\s\\-－]?${D}){9}(?![0-9０-９])`,
  'gu',
);

/**
 * An 18-character run is always taken for an ID number (a mistyped one is still personal data);
 * a 15-digit run only when its YYMMDD part could be a date, so grid codes (15 digits) stay
 * readable in dead letters.
 */
function looksLikeIdNumber(candidate: string): boolean {
  if (candidate.length !== 15) return true;
  const digits = candidate.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = Number(digits.slice(8, 10));
  const d = Number(digits.slice(10, 12));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * 自由文本脱敏: replace every ID-number pattern (18/15 characters, either width) and every
 * mobile pattern (optional +86, spaces or dashes between digits) inside `text` with its
 * masked form; everything else is left as written. Case descriptions and dead-letter
 * payloads go through this before display or logging.
 */
export function maskFreeText(text: string): string {
  return text
    .replace(ID_IN_TEXT, (m) => (looksLikeIdNumber(m) ? maskIdNumber(m) : m))
    .replace(MOBILE_IN_TEXT, (m) => maskMobile(m));
}

/** Extra keys for {@link maskJsonDeep}, added to the defaults. Compared case-, `_`-, `-`- and space-insensitively. */
export interface MaskJsonOptions {
  /** Keys whose values are personal names (masked with {@link maskName}). */
  nameKeys?: readonly string[];
  /** Keys whose values are ID numbers (masked with {@link maskIdNumber}, whatever their shape). */
  idKeys?: readonly string[];
  /** Keys whose values are phone numbers ({@link maskMobile}). */
  mobileKeys?: readonly string[];
  /** Keys whose values are addresses ({@link maskAddress}). */
  addressKeys?: readonly string[];
  /** Keys whose values are birth dates ({@link maskBirthDate}). */
  birthDateKeys?: readonly string[];
  /** Keys whose values are withheld whole (`***`): L4 facts such as 政治面貌 and special-population tags. */
  withheldKeys?: readonly string[];
}

/** What a sensitive key holds, and so how its value is masked. */
export type KeyKind = 'name' | 'id' | 'mobile' | 'address' | 'birthDate' | 'withheld';

/**
 * Default sensitive keys, in the spellings source systems use (English, Chinese, pinyin initials):
 * the fallback for records whose stream declares no personal fields (see
 * `src/sdk/personal-fields.ts`). A bare `name` is a person's unless its value reads as an
 * organisation's ({@link looksLikeOrganizationName}): organisations are L1 and stay readable.
 * Exported so that the logger redacts the same keys (`src/log-redaction.ts`).
 */
export const DEFAULT_KEYS: Readonly<Record<KeyKind, readonly string[]>> = {
  name: [
    'name', 'fullName', 'realName', 'personName', 'reporterName', 'reporter', 'contactName', 'contact',
    'ownerName', 'householderName', 'applicantName', 'callerName', 'residentName', 'memberName',
    'workerName', 'gridWorkerName', 'volunteerName', 'participantName', 'legalRepresentative',
    'xm', 'lxr', '姓名', '名字', '联系人', '报告人', '反映人', '诉求人', '来电人', '申请人', '户主',
    '户主姓名', '业主', '业主姓名', '当事人', '居民姓名', '党员姓名', '联系人姓名',
    '网格员', '网格员姓名', '专职网格员', '志愿者', '志愿者姓名', '负责人', '法定代表人',
  ],
  id: [
    'idNumber', 'personIdNumber', 'memberIdNumber', 'reporterIdNumber', 'personId', 'memberPersonId', 'reporterPersonId', 'idCard', 'idNo', 'citizenId', 'sfzh', 'sfz', 'zjhm',
    '身份证', '身份证号', '身份证号码', '证件号', '证件号码', '公民身份号码', '网格员公民身份号码', '网格员身份证号', '网格员身份证号码', '网格员证件号码',
  ],
  mobile: [
    'mobile', 'phone', 'tel', 'telephone', 'cellphone', 'contactPhone', 'phoneNumber', 'mobilePhone', 'sjhm', 'lxdh',
    '手机', '手机号', '手机号码', '电话', '联系电话', '联系方式', '网格员电话', '网格员手机', '网格员手机号', '网格员联系电话', '网格员联系方式',
  ],
  address: ['address', 'addr', 'homeAddress', 'dz', 'zz', '地址', '住址', '家庭住址', '现住址', '居住地址', '户籍地址'],
  birthDate: ['birthDate', 'birthday', 'dateOfBirth', 'csrq', '出生日期', '生日'],
  withheld: ['politicalStatus', 'isPartyMember', 'healthStatus', 'disability', 'zzmm', '政治面貌', '人员标签', '特殊人群', '健康状况', '残疾类别', '低保'],
};

/** Endings of organisation names (委员会, 公司, 中心, 局, 支部 …). */
const ORGANIZATION_ENDING =
  /(?:委员会|居委会|村委会|业委会|公司|集团|中心|协会|学会|商会|基金会|研究会|促进会|联合会|服务社|合作社|俱乐部|事务所|办事处|街道|社区|政府|局|厅|委|院|所|站|队|馆|校|园|学|行|店|厂|部|处|室|科|支部|总支|党委|党组|工委)$/u;

/**
 * An organisation's name rather than a person's: five characters or more, no name dot, ending in
 * an organisation word (`武汉市江岸区民政局`, `江岸区同心服务社`). Person names have two to four
 * Han characters (dotted transliterations keep their dot), so none is taken for an organisation.
 */
export function looksLikeOrganizationName(value: string): boolean {
  const s = value.trim();
  return Array.from(s).length >= 5 && !NAME_DOT.test(s) && ORGANIZATION_ENDING.test(s);
}

/** A key's comparison form: without spaces, `_` and `-`, lower case (`Id_Number` → `idnumber`). */
export function keyForm(key: string): string {
  return key.replace(/[\s_-]/g, '').toLowerCase();
}

function buildKeyIndex(options: MaskJsonOptions): Map<string, KeyKind> {
  const index = new Map<string, KeyKind>();
  const add = (kind: KeyKind, keys: readonly string[] | undefined) => {
    for (const k of keys ?? []) index.set(keyForm(k), kind);
  };
  for (const kind of Object.keys(DEFAULT_KEYS) as KeyKind[]) add(kind, DEFAULT_KEYS[kind]);
  add('name', options.nameKeys);
  add('id', options.idKeys);
  add('mobile', options.mobileKeys);
  add('address', options.addressKeys);
  add('birthDate', options.birthDateKeys);
  add('withheld', options.withheldKeys);
  return index;
}

const MASK_BY_KIND: Readonly<Record<KeyKind, (s: string) => string>> = {
  name: (s) => (looksLikeOrganizationName(s) ? maskFreeText(s) : maskName(s)),
  id: maskIdNumber,
  mobile: maskMobile,
  address: (s) => maskFreeText(maskAddress(s)),
  birthDate: maskBirthDate,
  withheld: () => '***',
};

/**
 * Mask a JSON value for dead letters and logs: returns a new value (the input is not
 * changed) in which every string — and object key — has ID and mobile patterns masked
 * ({@link maskFreeText}), integers that look like a mobile become masked strings, and values
 * under sensitive keys (姓名/name/reporterName/xm…, ID, phone, address, birth date; see
 * {@link MaskJsonOptions}) are masked whole, also inside arrays under such a key. Cycles
 * become `'[Circular]'`.
 */
export function maskJsonDeep(value: unknown, options: MaskJsonOptions = {}): unknown {
  const keyIndex = buildKeyIndex(options);
  const seen = new WeakSet<object>();

  const walk = (v: unknown, kind: KeyKind | undefined): unknown => {
    if (typeof v === 'string') return kind ? MASK_BY_KIND[kind](v) : maskFreeText(v);
    if (typeof v === 'number' || typeof v === 'bigint') {
      const s = String(v);
      if (kind) return MASK_BY_KIND[kind](s);
      const masked = maskFreeText(s);
      return masked === s ? v : masked;
    }
    if (typeof v === 'boolean' && kind === 'withheld') return '***';
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      out = v.map((item) => walk(item, kind));
    } else {
      const obj: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        obj[maskFreeText(k)] = walk(child, keyIndex.get(keyForm(k)));
      }
      out = obj;
    }
    seen.delete(v);
    return out;
  };

  return walk(value, undefined);
}
