/**
 * One source record's identity as a single string: its source, stream and external id joined by
 * NUL — a character none of them can hold (PostgreSQL text has no NUL), so two different records
 * never share a key. The key of a record in a batch's version guard, in the parking lot's bookkeeping,
 * and (hashed, `originKey` in src/db/field-provenance.ts) in a row's field provenance. In memory
 * only: never stored as it is.
 */
export function sourceRecordKey(r: { readonly source: string; readonly stream: string; readonly externalId: string }): string {
  return `${r.source}\u0000${r.stream}\u0000${r.externalId}`;
}
