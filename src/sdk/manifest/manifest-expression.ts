import { didYouMean } from '../../config-problems';
import { MANIFEST_FUNCTIONS, truthy } from './manifest-functions';

/**
 * The mapping expressions of a manifest: a small, closed set of forms, compiled once when the
 * manifest is loaded into plain closures — nothing is ever `eval`ed, and a record cannot reach
 * anything but its own fields and the registered functions.
 *
 * | form | value |
 * |---|---|
 * | `$`, `$.a.b` | the record, or a field path in it (`null` when missing; `.0` indexes a list) |
 * | `@`, `@.a` | the current item inside `each` / `distinct` / a change's `each` |
 * | `$name`, `$name.a` | a variable: a stream's `let` entry or an `each … as: name` item |
 * | any other text, a number, `true`, `false`, `null` | itself |
 * | `{ const: v }` | `v` as written (a text starting with `$` or `@`, an object with operator keys) |
 * | `{ fn: name, args: [...] }` | a registered function (manifest-functions.ts) of the evaluated args |
 * | `{ if: c, then: a, else: b }` | `a` when `c` is truthy, else `b` (no `else`: the key is left out) |
 * | `{ switch: v, cases: { label: e }, default: d }` | the case whose label equals `v` as text, else `d` (else `null`) |
 * | `{ each: list, as: name, where: c, to: e }` | `e` for every item of `list` (`@` or `$name`) where `c` is truthy |
 * | `{ distinct: list, by: key }` | the items with the first of each key's position (the last one's value) |
 * | `{ object: { … } }` | an object whose keys may be operator names |
 * | `{ k: e, … }` | an object of evaluated values; a value that is left out (`if` without `else`) drops its key |
 *
 * Truthiness: `null`, `false`, `""`, `0` and `[]` are false.
 */
export type ManifestPath = readonly (string | number)[];

/** A problem found while compiling: where in the manifest, and what. */
export interface ManifestProblem {
  path: ManifestPath;
  message: string;
}

/** What an expression sees when it runs. */
export interface ExpressionScope {
  record: unknown;
  item: unknown;
  vars: ReadonlyMap<string, unknown>;
}

/** A compiled expression. `undefined` means "leave the key out". */
export type CompiledExpression = (scope: ExpressionScope) => unknown;

/** The operator keys and the keys allowed next to each. */
const OPERATORS: Readonly<Record<string, readonly string[]>> = {
  const: [],
  fn: ['args'],
  if: ['then', 'else'],
  switch: ['cases', 'default'],
  each: ['as', 'where', 'to'],
  distinct: ['by'],
  object: [],
};

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads a dotted path (`a.b.0`) from a value; `null` when any step is missing. */
export function readPath(value: unknown, segments: readonly string[]): unknown {
  let v: unknown = value;
  for (const s of segments) {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) v = /^\d+$/.test(s) ? v[Number(s)] : undefined;
    else if (typeof v === 'object') v = Object.hasOwn(v, s) ? (v as Record<string, unknown>)[s] : undefined;
    else return null;
  }
  return v === undefined ? null : v;
}

/** Compiles a reference string (`$.a`, `@.b`, `$name.c`), or returns `null` when it is a plain text. */
function compileReference(raw: string, path: ManifestPath, problems: ManifestProblem[], variables: ReadonlySet<string>): CompiledExpression | null {
  if (!raw.startsWith('$') && !raw.startsWith('@')) return null;
  const head = raw[0]!;
  const rest = raw.slice(1);
  if (rest === '') return head === '$' ? (s) => s.record : (s) => s.item;
  if (rest.startsWith('.')) {
    const segments = rest.slice(1).split('.');
    if (segments.some((x) => x === '')) problems.push({ path, message: `"${raw}": a field path has an empty segment` });
    return head === '$' ? (s) => readPath(s.record, segments) : (s) => readPath(s.item, segments);
  }
  if (head === '@') {
    problems.push({ path, message: `"${raw}": after @ comes a field path (@.name); write { const: "${raw}" } for the text` });
    return () => null;
  }
  const [name, ...segments] = rest.split('.');
  if (!VARIABLE.test(name!) || !variables.has(name!)) {
    const suggestion = didYouMean(name!, [...variables]);
    problems.push({ path, message: `"${raw}": no variable "${name}" here${suggestion ? ` — did you mean "$${suggestion}"?` : ''} (variables: ${[...variables].join(', ') || 'none'}); write { const: "${raw}" } for the text` });
    return () => null;
  }
  return (s) => readPath(s.vars.get(name!), segments);
}

/**
 * Compiles one expression (see the table above), adding every problem — unknown function, wrong
 * number of arguments, unknown variable, stray key — to `problems` with its path. `variables`
 * are the names in scope. The result is usable even with problems (they evaluate to `null`);
 * callers refuse a manifest with any problem.
 */
export function compileExpression(raw: unknown, path: ManifestPath, problems: ManifestProblem[], variables: ReadonlySet<string>): CompiledExpression {
  if (typeof raw === 'string') {
    return compileReference(raw, path, problems, variables) ?? (() => raw);
  }
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return () => raw;
  if (raw === undefined) return () => null;
  if (Array.isArray(raw)) {
    const items = raw.map((x, i) => compileExpression(x, [...path, i], problems, variables));
    return (s) => items.map((c) => c(s) ?? null);
  }
  if (typeof raw !== 'object') {
    problems.push({ path, message: 'not an expression' });
    return () => null;
  }
  const obj = raw as Record<string, unknown>;
  const operator = Object.keys(obj).find((k) => Object.hasOwn(OPERATORS, k));
  if (operator === undefined) return compileObject(obj, path, problems, variables);
  const allowed = new Set([operator, ...OPERATORS[operator]!]);
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) problems.push({ path: [...path, k], message: `"${k}" does not go with "${operator}" (allowed: ${[...allowed].join(', ')}); use { object: … } for an object with such keys` });
  }
  const sub = (key: string, vars = variables) => compileExpression(obj[key], [...path, key], problems, vars);

  switch (operator) {
    case 'const': {
      const value = obj.const;
      return () => value;
    }
    case 'object': {
      if (obj.object === null || typeof obj.object !== 'object' || Array.isArray(obj.object)) {
        problems.push({ path: [...path, 'object'], message: 'object: expects a mapping' });
        return () => null;
      }
      return compileObject(obj.object as Record<string, unknown>, [...path, 'object'], problems, variables);
    }
    case 'fn': {
      const name = obj.fn;
      const f = typeof name === 'string' ? MANIFEST_FUNCTIONS[name] : undefined;
      const rawArgs = obj.args === undefined ? [] : obj.args;
      if (!Array.isArray(rawArgs)) {
        problems.push({ path: [...path, 'args'], message: 'args: expects a list' });
        return () => null;
      }
      if (!f) {
        const suggestion = didYouMean(String(name), Object.keys(MANIFEST_FUNCTIONS));
        problems.push({ path: [...path, 'fn'], message: `unknown function "${String(name)}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} (functions: ${Object.keys(MANIFEST_FUNCTIONS).join(', ')})` });
        return () => null;
      }
      if (rawArgs.length < f.minArgs || rawArgs.length > f.maxArgs) {
        const want = f.minArgs === f.maxArgs ? `${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
        problems.push({ path: [...path, 'args'], message: `${String(name)} takes ${want} argument(s), got ${rawArgs.length}` });
      }
      const args = rawArgs.map((a, i) => compileExpression(a, [...path, 'args', i], problems, variables));
      return (s) => f.call(...args.map((a) => a(s) ?? null)) ?? null;
    }
    case 'if': {
      const cond = sub('if');
      const then = sub('then');
      const otherwise = Object.hasOwn(obj, 'else') ? sub('else') : () => undefined;
      return (s) => (truthy(cond(s)) ? then(s) : otherwise(s));
    }
    case 'switch': {
      const value = sub('switch');
      const cases = obj.cases;
      if (cases === null || typeof cases !== 'object' || Array.isArray(cases)) {
        problems.push({ path: [...path, 'cases'], message: 'cases: expects a mapping of label → expression' });
        return () => null;
      }
      const compiled = new Map(Object.entries(cases).map(([k, v]) => [k, compileExpression(v, [...path, 'cases', k], problems, variables)]));
      const fallback = Object.hasOwn(obj, 'default') ? sub('default') : () => null;
      return (s) => {
        const v = value(s);
        const label = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
        const hit = label === null ? undefined : compiled.get(label);
        return hit ? hit(s) : fallback(s);
      };
    }
    case 'each':
    case 'distinct': {
      const list = sub(operator);
      const as = obj.as;
      if (as !== undefined && (typeof as !== 'string' || !VARIABLE.test(as))) problems.push({ path: [...path, 'as'], message: 'as: expects a variable name (letters, digits, _)' });
      const inner = typeof as === 'string' && VARIABLE.test(as) ? new Set([...variables, as]) : variables;
      const bind = (s: ExpressionScope, item: unknown): ExpressionScope =>
        typeof as === 'string' ? { record: s.record, item, vars: new Map([...s.vars, [as, item]]) } : { record: s.record, item, vars: s.vars };
      const itemsOf = (s: ExpressionScope): unknown[] => {
        const v = list(s);
        return Array.isArray(v) ? v : [];
      };
      if (operator === 'distinct') {
        const by = Object.hasOwn(obj, 'by') ? sub('by', inner) : (s: ExpressionScope) => s.item;
        return (s) => {
          const out = new Map<string, unknown>();
          for (const item of itemsOf(s)) out.set(JSON.stringify(by(bind(s, item)) ?? null), item);
          return [...out.values()];
        };
      }
      const where = Object.hasOwn(obj, 'where') ? sub('where', inner) : null;
      const to = Object.hasOwn(obj, 'to') ? sub('to', inner) : (s: ExpressionScope) => s.item;
      return (s) => {
        const out: unknown[] = [];
        for (const item of itemsOf(s)) {
          const scope = bind(s, item);
          if (where && !truthy(where(scope))) continue;
          const v = to(scope);
          if (v !== undefined) out.push(v);
        }
        return out;
      };
    }
    default:
      return () => null;
  }
}

function compileObject(obj: Record<string, unknown>, path: ManifestPath, problems: ManifestProblem[], variables: ReadonlySet<string>): CompiledExpression {
  const entries = Object.entries(obj).map(([k, v]) => [k, compileExpression(v, [...path, k], problems, variables)] as const);
  return (s) => {
    const out: Record<string, unknown> = {};
    for (const [k, c] of entries) {
      const v = c(s);
      // defineProperty: a key named __proto__ is a field like any other, never the prototype
      if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
}
