import { createHash } from 'node:crypto';
import { sourceRecordKey } from '../domain/source-record-key';

/**
 * The stored form of per-field provenance (`provenance jsonb` on every canonical table).
 *
 * Compact, because it sits in every canonical row: each column the sources said names the
 * source record that supplied its current value by a short key, and each source record appears
 * once, under `@`, with its version:
 *
 * ```json
 * { "name": "Kx3…", "mobile_enc": "Kx3…", "units": "9fQ…",
 *   "@": { "Kx3…": ["street-office-dazhi", "residents", "r-17", "2026-06-01T00:00:00.000Z"],
 *          "9fQ…": ["committee-api", "buildings", "b-4", "2026-06-02T00:00:00.000Z"] } }
 * ```
 *
 * The key is a hash of (source, stream, external id): a newer version of the same source record
 * replaces its entry (the version is that of the latest version of the record that was written
 * to the row). Versions are ISO-8601 UTC (`toISOString()`, fixed width: they order as text).
 * A row written before provenance existed holds `{}`.
 */
export type FieldOrigin = [source: string, stream: string, externalId: string, version: string];

/** The `provenance` column: column name → origin key, and `@` → origins by key. */
export interface FieldProvenance {
  '@'?: Record<string, FieldOrigin>;
  [column: string]: string | Record<string, FieldOrigin> | undefined;
}

/** Key of a source record inside one row's provenance: a short digest of its {@link sourceRecordKey}. */
export function originKey(source: string, stream: string, externalId: string): string {
  return createHash('sha1').update(sourceRecordKey({ source, stream, externalId })).digest('base64url').slice(0, 10);
}

/** The origin of a column's current value, or `null` when none is recorded. */
export function originOfColumn(provenance: FieldProvenance | null | undefined, column: string): FieldOrigin | null {
  if (!provenance || column === '@') return null;
  const key = provenance[column];
  return typeof key === 'string' ? (provenance['@']?.[key] ?? null) : null;
}
