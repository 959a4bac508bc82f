import { DEFAULT_KEYS, keyForm } from './domain/masking';

/**
 * The logger's safety net for personal information: the keys masking knows as sensitive
 * ({@link DEFAULT_KEYS}: names, ID numbers, phones, addresses, birth dates and withheld L4 facts,
 * in English, Chinese and pinyin spellings) plus {@link LOG_ONLY_KEYS}, withheld whole from every
 * log line. Library code logs ids, codes and counts; this is the net, not the policy. One list,
 * so a key masking learns is redacted in the log too.
 */

/** What a redacted value becomes. */
export const LOG_CENSOR = '[masked]';

/** Keys withheld in logs besides masking's: free text and raw payloads, which can hold anything. */
export const LOG_ONLY_KEYS: readonly string[] = ['content', 'payload'];

/** Every key withheld in logs, as written (masking's defaults first). */
export const LOG_REDACTED_KEYS: readonly string[] = [...new Set([...Object.values(DEFAULT_KEYS).flat(), ...LOG_ONLY_KEYS])];

/** {@link LOG_REDACTED_KEYS} in their comparison form ({@link keyForm}: case, `_`, `-`, spaces ignored). */
const REDACTED_FORMS: ReadonlySet<string> = new Set(LOG_REDACTED_KEYS.map(keyForm));

/** Nesting below which a log object is not walked; deeper values are withheld whole (masked more, never less). */
export const LOG_REDACTION_DEPTH = 8;

/** Whether a log key holds personal information (`Name`, `id_number`, `姓名`, `reporterName` …). */
export function isRedactedLogKey(key: string): boolean {
  return REDACTED_FORMS.has(keyForm(key));
}

/**
 * pino `redact` paths for the keys as written, at the top level and one level down: these reach
 * what the object walk ({@link redactLogObject}) does not — a child logger's bindings.
 */
export function redactedLogPaths(): string[] {
  return LOG_REDACTED_KEYS.flatMap((k) => [`[${JSON.stringify(k)}]`, `*[${JSON.stringify(k)}]`]);
}

/**
 * A log object with every value under a personal key ({@link isRedactedLogKey}, any spelling,
 * any depth) replaced by {@link LOG_CENSOR}. Only plain objects and arrays are walked (an
 * `Error`, a `Date`, a `Buffer` is left to pino's serializers); the input is never changed, and
 * an object without personal keys is returned as it is. Cycles become `'[Circular]'`.
 */
export function redactLogObject<T extends object>(value: T): T {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const array = Array.isArray(v);
    if (!array && !isPlainObject(v)) return v;
    if (depth >= LOG_REDACTION_DEPTH) return LOG_CENSOR;
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    let out: unknown = v;
    if (array) {
      const items = (v as unknown[]).map((item) => walk(item, depth + 1));
      if (items.some((item, i) => item !== (v as unknown[])[i])) out = items;
    } else {
      let copy: Record<string, unknown> | undefined;
      for (const [k, child] of Object.entries(v)) {
        const next = child === undefined ? child : isRedactedLogKey(k) ? LOG_CENSOR : walk(child, depth + 1);
        if (next !== child) {
          copy ??= { ...(v as Record<string, unknown>) };
          copy[k] = next;
        }
      }
      if (copy) out = copy;
    }
    seen.delete(v);
    return out;
  };
  return walk(value, 0) as T;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
