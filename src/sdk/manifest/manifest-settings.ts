import { didYouMean } from '../../config-problems';
import type { ManifestPath, ManifestProblem } from './manifest-expression';

/** `{{config.name}}` or `{{config.name | fallback}}` inside a setting. */
const REFERENCE = /\{\{\s*config\.([A-Za-z][A-Za-z0-9]*)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;
const WHOLE_REFERENCE = /^\{\{\s*config\.([A-Za-z][A-Za-z0-9]*)\s*(?:\|\s*([^}]*?)\s*)?\}\}$/;

/**
 * A setting's value for one source: a text that is only `{{config.x}}` is the config value as
 * it is (a number stays a number, a missing optional field is `undefined`); references inside
 * other text are put in as text (a missing field as ""); `{{config.x | fallback}}` gives the
 * text `fallback` when `x` is not set. Constants are themselves.
 */
export function resolveSetting(value: unknown, config: Readonly<Record<string, unknown>>): unknown {
  if (typeof value !== 'string') return value;
  const whole = WHOLE_REFERENCE.exec(value);
  if (whole) return config[whole[1]!] ?? whole[2] ?? undefined;
  return value.replace(REFERENCE, (_m, name: string, fallback: string | undefined) => {
    const v = config[name];
    return v === undefined || v === null ? (fallback ?? '') : String(v);
  });
}

/** {@link resolveSetting} as a text, `undefined` when it resolves to nothing. */
export function settingText(value: unknown, config: Readonly<Record<string, unknown>>): string | undefined {
  const v = resolveSetting(value, config);
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

/** {@link resolveSetting} as a number, `undefined` when it resolves to nothing or is not a number. */
export function settingNumber(value: unknown, config: Readonly<Record<string, unknown>>): number | undefined {
  const v = resolveSetting(value, config);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Adds a problem for every `{{config.x}}` anywhere in `value` (walking objects and arrays) whose
 * `x` is not a declared config field, and for a `{{…}}` that is not a config reference.
 */
export function checkSettingReferences(value: unknown, path: ManifestPath, fields: ReadonlySet<string>, problems: ManifestProblem[]): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\{\{([^}]*)\}\}/g)) {
      const ref = /^\s*config\.([A-Za-z][A-Za-z0-9]*)\s*(\|.*)?$/.exec(m[1]!);
      if (!ref) problems.push({ path, message: `"{{${m[1]}}}": a reference is {{config.<field>}} or {{config.<field> | fallback}}` });
      else if (!fields.has(ref[1]!)) {
        const suggestion = didYouMean(ref[1]!, [...fields]);
        problems.push({ path, message: `{{config.${ref[1]}}}: no config field "${ref[1]}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} (fields: ${[...fields].join(', ') || 'none'})` });
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkSettingReferences(v, [...path, i], fields, problems);
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) checkSettingReferences(v, [...path, k], fields, problems);
}
