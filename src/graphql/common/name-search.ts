import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { normalizeName } from '../../domain/normalize';
import { badUserInput } from '../errors';

/**
 * A client's name search as a `like` pattern over a normalised column (`name_norm`): the input is
 * normalised the way the write path normalises names (full-width → half-width, Traditional →
 * Simplified, spaces removed), so `張三` and `ＡＢＣ` find `张三` and `ABC`. Wildcards typed by
 * the client are literal.
 */
export function nameContains(column: Expression<unknown>, input: string, field: string): RawBuilder<SqlBool> {
  const norm = normalizeName(input);
  if (norm === '') throw badUserInput(field, `${field}: must not be empty`);
  if (Array.from(norm).length > 50) throw badUserInput(field, `${field}: at most 50 characters`);
  const pattern = `%${norm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${column} like ${pattern}`;
}
