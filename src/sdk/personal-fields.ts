import { parseCitizenId } from '../domain/citizen-id';
import { maskAddress, maskBirthDate, maskFreeText, maskIdNumber, maskJsonDeep, maskMobile, maskName } from '../domain/masking';
import { parseUscc } from '../domain/uscc';
import { HuijuError } from '../errors';

/**
 * 个人信息字段声明: which fields of a stream's raw records hold personal information
 * (DOMAIN.md §6), so the hub can mask them wherever a raw record is shown — dead letters (table,
 * GraphQL, `huiju dead-letters list`, the `huiju.dlq.<source>` topic) — and encrypt them on the
 * raw topics. Pure: no database, no Kafka.
 */

/** The kinds of personal field a stream can declare, each with its masked display form. */
export const PERSONAL_FIELD_KINDS = ['name', 'idNumber', 'mobile', 'address', 'birthDate', 'l4', 'withheld'] as const;

/**
 * One kind of personal field:
 * - `name` 姓名 (residents, grid workers, reporters, volunteers, contacts) → `张*`;
 * - `idNumber` 身份证号 → `420102********0010`;
 * - `mobile` 手机/电话 → `139****5678`;
 * - `address` a whole address below building level → cut to the building (`幸福小区3栋`);
 * - `birthDate` → year only;
 * - `l4` L4 facts (政治面貌 / party membership, special-population tags, health, disability, 低保) → withheld whole (`***`);
 * - `withheld` other personal values with no masked form — an address's parts below the
 *   building in their own columns (单元, 房号), a licence plate → withheld whole (`***`).
 */
export type PersonalFieldKind = (typeof PERSONAL_FIELD_KINDS)[number];

/**
 * A stream's declaration: kind → paths of the raw record (as `read()` yields it) holding that
 * kind. A path is the field names from the record's root joined by `.` (`row.姓名`,
 * `reporter.phone`, `data.reporter.name`); arrays on the way are looked into (`participants.name`
 * is every participant's name); `*` stands for any one field name (`contacts.*.phone`). A path
 * naming an object or array masks every value inside it. Organisation names, USCC codes, area and
 * grid codes are L1 and are not declared. A stream without personal fields declares `{}`.
 *
 * What is not declared is kept, only with ID-number and mobile patterns inside it masked
 * ({@link maskFreeText}), as a safety net.
 */
export type PersonalFields = { readonly [K in PersonalFieldKind]?: readonly string[] };

/** What a withheld value (`l4`, `withheld`) shows instead. */
export const WITHHELD = '***';

const MASK: Readonly<Record<PersonalFieldKind, (clear: string) => string>> = {
  name: maskName,
  idNumber: maskIdNumber,
  mobile: maskMobile,
  address: (s) => maskFreeText(maskAddress(s)),
  birthDate: maskBirthDate,
  l4: () => WITHHELD,
  withheld: () => WITHHELD,
};

/** A node of the compiled declaration: the kind of the value here, or the fields below it. */
interface PathNode {
  kind?: PersonalFieldKind;
  children: Map<string, PathNode>;
}

const compiled = new WeakMap<PersonalFields, PathNode>();

/**
 * Checks a declaration (known kinds, non-empty paths without empty segments, no path declared
 * under two kinds); throws `CONNECTOR_INVALID` naming the stream. Called by `defineConnector`.
 */
export function checkPersonalFields(fields: PersonalFields, where: string): void {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new HuijuError('CONNECTOR_INVALID', `${where}: personalFields must be an object of kind → paths`);
  const seen = new Map<string, string>();
  for (const [kind, paths] of Object.entries(fields)) {
    if (!(PERSONAL_FIELD_KINDS as readonly string[]).includes(kind)) {
      throw new HuijuError('CONNECTOR_INVALID', `${where}: personalFields.${kind} is not a kind (${PERSONAL_FIELD_KINDS.join(', ')})`);
    }
    if (!Array.isArray(paths)) throw new HuijuError('CONNECTOR_INVALID', `${where}: personalFields.${kind} must be a list of paths`);
    for (const path of paths as unknown[]) {
      if (typeof path !== 'string' || path.split('.').some((s) => s.trim() === '')) {
        throw new HuijuError('CONNECTOR_INVALID', `${where}: personalFields.${kind} has an empty path or path segment`);
      }
      const other = seen.get(path);
      if (other && other !== kind) throw new HuijuError('CONNECTOR_INVALID', `${where}: path "${path}" is declared as ${other} and ${kind}`);
      seen.set(path, kind);
    }
  }
}

function compile(fields: PersonalFields): PathNode {
  let root = compiled.get(fields);
  if (root) return root;
  root = { children: new Map() };
  for (const kind of PERSONAL_FIELD_KINDS) {
    for (const path of fields[kind] ?? []) {
      let node = root;
      for (const segment of path.split('.')) {
        let next = node.children.get(segment);
        if (!next) {
          next = { children: new Map() };
          node.children.set(segment, next);
        }
        node = next;
      }
      node.kind = kind;
    }
  }
  compiled.set(fields, root);
  return root;
}

/** Every declared path with its kind, in declaration order. */
export function declaredPaths(fields: PersonalFields): { path: string; kind: PersonalFieldKind }[] {
  return PERSONAL_FIELD_KINDS.flatMap((kind) => (fields[kind] ?? []).map((path) => ({ path, kind })));
}

/** The masked display form of one declared value of `kind`; `null` and `undefined` stay as they are. */
export function maskPersonalValue(kind: PersonalFieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (kind === 'l4' || kind === 'withheld') return WITHHELD;
  if (typeof value === 'string') return MASK[kind](value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return MASK[kind](String(value));
  if (Array.isArray(value)) return value.map((v) => maskPersonalValue(kind, v));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskFreeText(k), maskPersonalValue(kind, v)]));
  return WITHHELD;
}

/**
 * An undeclared text: kept, with ID-number and mobile patterns masked — except a whole value
 * that is a valid USCC and no valid ID number (an all-digit 统一社会信用代码 is L1, not a person).
 */
function maskUndeclaredText(s: string): string {
  const masked = maskFreeText(s);
  if (masked === s) return s;
  const t = s.trim();
  if (/^\d{17}[\dA-Z]$/.test(t) && !parseCitizenId(t).ok) {
    const uscc = parseUscc(t);
    if (uscc.ok && uscc.checksumValid) return s;
  }
  return masked;
}

function maskUndeclared(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskUndeclaredText(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const s = String(value);
    const masked = maskFreeText(s);
    return masked === s ? value : masked;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  const out = Array.isArray(value)
    ? value.map((v) => maskUndeclared(v, seen))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [maskFreeText(k), maskUndeclared(v, seen)]));
  seen.delete(value);
  return out;
}

function walk(value: unknown, node: PathNode, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return maskUndeclared(value, seen);
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => walk(v, node, seen));
  } else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child = node.children.get(k) ?? node.children.get('*');
      obj[maskFreeText(k)] = child?.kind ? maskPersonalValue(child.kind, v) : child ? walk(v, child, seen) : maskUndeclared(v, seen);
    }
    out = obj;
  }
  seen.delete(value);
  return out;
}

/** A JSON member `"key": value` with a string, number or boolean value, in text. */
const jsonMember = (key: string) => new RegExp(`("${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"?|-?\\d+(?:\\.\\d+)?|true|false)`, 'gu');
/** A cell that could be a person's name: 2–4 Han characters, or Han parts joined by a middle dot. */
const NAME_LIKE_CELL = /^(?:[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]+(?:[·•．・‧∙][\u3400-\u9fff]+)+)$/u;

/**
 * A record the connector could not parse has no fields to go by: JSON-looking text has the
 * declared fields' last names masked where they appear as `"key": value`; other text (a broken
 * CSV line) and cell lists have every cell masked as free text, and — when the stream declares
 * names — every cell that could be a name masked as a name. Over-masking is the price of a record
 * that cannot be replayed anyway (parse failures are re-read from the source).
 */
function maskUnparsed(value: string | unknown[], fields: PersonalFields): unknown {
  const hasNames = (fields.name?.length ?? 0) > 0;
  const cell = (c: unknown): unknown => {
    if (typeof c !== 'string') return maskUndeclared(c, new WeakSet());
    const t = c.trim().replace(/^"|"$/g, '');
    return hasNames && NAME_LIKE_CELL.test(t) ? c.replace(t, maskName(t)) : maskUndeclaredText(c);
  };
  if (Array.isArray(value)) return value.map(cell);
  const text = value;
  if (/^\s*[[{]/.test(text)) {
    let out = text;
    for (const { path, kind } of declaredPaths(fields)) {
      const key = path.split('.').at(-1)!;
      if (key === '*') continue;
      out = out.replace(jsonMember(key), (_m, head: string, v: string) => {
        const quoted = v.startsWith('"');
        const clear = quoted ? v.replace(/^"|"$/g, '') : v;
        const masked = String(maskPersonalValue(kind, clear));
        return `${head}${quoted ? `"${masked}${v.endsWith('"') && v.length > 1 ? '"' : ''}` : JSON.stringify(masked)}`;
      });
    }
    return maskFreeText(out);
  }
  return text
    .split(/([,，\t|;；\r\n]+)/u)
    .map((part, i) => (i % 2 === 1 ? part : (cell(part) as string)))
    .join('');
}

/**
 * 按声明脱敏: a raw payload as people may see it (dead letters, the DLQ topic, logs). Values at
 * the declared paths are masked by their kind ({@link PersonalFieldKind}); every other string —
 * and object key — keeps its text with ID-number and mobile patterns masked; numbers that look
 * like a mobile become masked strings. Returns a new value; the input is not changed.
 *
 * Without a declaration (`undefined`: a record of an unknown stream, a source that is not a
 * connector) the key-name heuristics of {@link maskJsonDeep} apply instead.
 */
export function maskPersonalFields(payload: unknown, fields: PersonalFields | undefined): unknown {
  if (fields === undefined) return maskJsonDeep(payload);
  if (typeof payload === 'string') return maskUnparsed(payload, fields);
  if (Array.isArray(payload) && payload.every((c) => c === null || typeof c !== 'object')) return maskUnparsed(payload, fields);
  return walk(payload, compile(fields), new WeakSet());
}

/**
 * Replaces the values at the declared paths of the given kinds with `replace(value)` (a value
 * that is `null` or missing is left alone). Returns a new value sharing nothing it changed with
 * the input, and how many values were replaced. The raw-topic publisher encrypts ID numbers and
 * mobiles with it.
 */
export function replaceDeclaredValues(
  payload: unknown,
  fields: PersonalFields,
  kinds: readonly PersonalFieldKind[],
  replace: (value: unknown, kind: PersonalFieldKind) => unknown,
): { value: unknown; replaced: number } {
  const wanted = new Set(kinds);
  let replaced = 0;
  const go = (value: unknown, node: PathNode): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => go(v, node));
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const child = node.children.get(k) ?? node.children.get('*');
      if (!child) continue;
      let next: unknown = v;
      if (child.kind) {
        if (wanted.has(child.kind) && v !== null && v !== undefined) {
          next = replace(v, child.kind);
          replaced += 1;
        }
      } else {
        next = go(v, child);
      }
      if (next !== v) {
        out ??= { ...(value as Record<string, unknown>) };
        out[k] = next;
      }
    }
    return out ?? value;
  };
  const value = go(payload, compile(fields));
  return { value, replaced };
}

/**
 * The clear values at the declared paths (strings and numbers, as text, trimmed, empty ones left
 * out), with their kind: what must not appear in anything masked with the declaration.
 */
export function declaredValues(payload: unknown, fields: PersonalFields): { kind: PersonalFieldKind; path: string; value: string }[] {
  const out: { kind: PersonalFieldKind; path: string; value: string }[] = [];
  const leaves = (v: unknown, kind: PersonalFieldKind, path: string): void => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') {
      const s = String(v).trim();
      if (s !== '') out.push({ kind, path, value: s });
    } else if (Array.isArray(v)) {
      for (const x of v) leaves(x, kind, path);
    } else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) leaves(x, kind, path);
    }
  };
  const go = (value: unknown, node: PathNode, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) go(v, node, path);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const child = node.children.get(k) ?? node.children.get('*');
      if (!child) continue;
      const p = path ? `${path}.${k}` : k;
      if (child.kind) leaves(v, child.kind, p);
      else go(v, child, p);
    }
  };
  go(payload, compile(fields), '');
  return out;
}
