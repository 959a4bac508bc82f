import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { normalizeName } from '../../domain/normalize';
import { badUserInput } from '../errors';

/**
 * A client's name search as a `like` pattern over a normalised column (`name_norm`): the input is
 * normalised the way the write path keys names (full-width → half-width, Traditional →
 * Simplified, spaces removed), so `張三` and `ＡＢＣ` find `张三` and `ABC`, and a name stored as
 * the source wrote it (`幸福社區（测）`) is found by its normal form (`幸福社区(测)`) and the other
 * way round. Wildcards typed by the client are literal.
 */
export function nameContains(column: Expression<unknown>, input: string, field: string): RawBuilder<SqlBool> {
  const norm = normalizeName(input);
  if (norm === '') throw badUserInput(field, `${field}: must not be empty`);
  if (Array.from(norm).length > 50) throw badUserInput(field, `${field}: at most 50 characters`);
  const pattern = `%${norm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${column} like ${pattern}`;
}

/**
 * A person's name search: the whole name, matched exactly on the normalised form (`name_norm`).
 * Names are shown masked (`张*`) to every role, so a substring search would be an oracle that
 * recovers a masked name letter by letter; an exact match only confirms a name the caller
 * already has, one request per guess (and requests are rate-limited).
 */
export function nameEquals(column: Expression<unknown>, input: string, field: string): RawBuilder<SqlBool> {
  const norm = normalizeName(input);
  if (norm === '') throw badUserInput(field, `${field}: must not be empty`);
  if (Array.from(norm).length > 50) throw badUserInput(field, `${field}: at most 50 characters`);
  return sql<SqlBool>`${column} = ${norm}`;
}
