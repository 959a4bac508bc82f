import { stripLeadingApostrophe, toHalfWidth } from './normalize';

/** GB 32100-2015 alphabet: values 0–30, no I O Z S V. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 weights for positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights for the 8 body characters of an 组织机构代码. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * 统一社会信用代码校验码: the check character (position 18) for the first 17 characters.
 * Throws a plain Error if `first17` is not 17 characters of the USCC alphabet (callers
 * validate format first).
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('usccCheckChar: expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error('usccCheckChar: character outside the USCC alphabet');
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * 组织机构代码校验码 (GB 11714): the check character for the 8-character body of an
 * organisation code (USCC positions 9–16). Digits count 0–9, letters A=10…Z=35;
 * result 10 → 'X', 11 → '0'. Throws on characters outside 0-9A-Z.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new Error('orgCodeCheckChar: expected 8 characters 0-9A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** 登记管理部门 (position 1) with its meaning. */
export const USCC_REGISTRATION_DEPTS: Readonly<Record<string, string>> = Object.freeze({
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '市场监督管理',
  A: '中央军委改革和编制办公室',
  N: '农业农村',
  Y: '其他',
});

/** 机构类别 (positions 1–2) with its meaning, GB 32100-2015 Annex A. */
export const USCC_CATEGORIES: Readonly<Record<string, string>> = Object.freeze({
  '11': '机关',
  '12': '事业单位',
  '13': '中央编办直接管理机构编制的群众团体',
  '19': '其他(机构编制)',
  '21': '外国常驻新闻机构',
  '29': '其他(外交)',
  '31': '律师执业机构',
  '32': '公证处',
  '33': '基层法律服务所',
  '34': '司法鉴定机构',
  '35': '仲裁委员会',
  '39': '其他(司法行政)',
  '41': '外国在华文化中心',
  '49': '其他(文化)',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
  '59': '其他(民政)',
  '61': '外国旅游部门常驻代表机构',
  '62': '港澳台地区旅游部门常驻内地(大陆)代表机构',
  '69': '其他(旅游)',
  '71': '宗教活动场所',
  '72': '宗教院校',
  '79': '其他(宗教)',
  '81': '工会',
  '89': '其他(工会)',
  '91': '企业',
  '92': '个体工商户',
  '93': '农民专业合作社',
  A1: '军队事业单位',
  A9: '其他(军队)',
  N1: '组级集体经济组织',
  N2: '村级集体经济组织',
  N3: '乡镇级集体经济组织',
  N9: '其他(农业)',
  Y1: '其他',
});

/** Which check a USCC failed: position 18 (GB 32100) or position 17 (GB 11714 over 9–16). */
export type UsccFlag = 'USCC_CHECKSUM' | 'ORG_CODE_CHECKSUM';

/** A well-formed 统一社会信用代码. */
export interface UsccOk {
  ok: true;
  /** Normalised 18-character code (upper-case, half-width). */
  code: string;
  /** Position 1, 登记管理部门. */
  registrationDept: string;
  /** Meaning of position 1, `null` when not in GB 32100. */
  registrationDeptLabel: string | null;
  /** Positions 1–2, 机构类别 (`91` 企业, `51` 社会团体…). */
  category: string;
  /** Meaning of the category, `null` when not in GB 32100. */
  categoryLabel: string | null;
  /** Positions 3–8, GB/T 2260 area code of the registering authority. */
  areaCode: string;
  /** Positions 9–17, the old 组织机构代码 incl. its check character: the second matching key. */
  orgCode: string;
  /** True when both checks hold. A false value means: accept, flag, queue for review. */
  checksumValid: boolean;
  /** Which checks failed; empty when `checksumValid`. */
  flags: UsccFlag[];
}

/** A code that is not a USCC. `message` names the problem only. */
export interface UsccError {
  ok: false;
  reason: 'INVALID_USCC_FORMAT';
  message: string;
}

export type UsccResult = UsccOk | UsccError;

/**
 * Validate a 统一社会信用代码 (GB 32100-2015). Normalises (half-width, trim, spaces and
 * spreadsheet apostrophe removed, upper-case), then rejects a wrong length or any character
 * outside the alphabet (I O Z S V are never used). A failed check character does NOT reject:
 * early pilot codes (福建 `91350100M0001TGQXM`) are real and fail it, so the result is
 * `ok` with `checksumValid: false` and `flags` naming the failed check(s). Never throws.
 */
export function parseUscc(raw: string): UsccResult {
  const code = stripLeadingApostrophe(toHalfWidth(raw)).replace(/\s+/g, '').toUpperCase();
  if (code.length !== 18) {
    return { ok: false, reason: 'INVALID_USCC_FORMAT', message: 'USCC: must be 18 characters' };
  }
  for (const ch of code) {
    if (!USCC_ALPHABET.includes(ch)) {
      return {
        ok: false,
        reason: 'INVALID_USCC_FORMAT',
        message: 'USCC: contains a character outside GB 32100 (digits and capitals except I O Z S V)',
      };
    }
  }
  const flags: UsccFlag[] = [];
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) flags.push('USCC_CHECKSUM');
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) flags.push('ORG_CODE_CHECKSUM');
  const registrationDept = code[0]!;
  const category = code.slice(0, 2);
  return {
    ok: true,
    code,
    registrationDept,
    registrationDeptLabel: USCC_REGISTRATION_DEPTS[registrationDept] ?? null,
    category,
    categoryLabel: USCC_CATEGORIES[category] ?? null,
    areaCode: code.slice(2, 8),
    orgCode: code.slice(8, 17),
    checksumValid: flags.length === 0,
    flags,
  };
}
