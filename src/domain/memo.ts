/**
 * Remembers the results of a pure function of one string. Sources repeat the same values row
 * after row (areas, estates, buildings, relations, ethnicities), so normalising and checking each
 * distinct text once saves most of the work. Bounded: after `size` distinct texts it starts over.
 * Results are shared between callers, so they must be treated as read-only.
 */
export function memoizeText<R>(fn: (text: string) => R, size = 20_000): (text: string) => R {
  const seen = new Map<string, R>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined && !seen.has(text)) {
      if (seen.size >= size) seen.clear();
      out = fn(text);
      seen.set(text, out);
    }
    return out as R;
  };
}
