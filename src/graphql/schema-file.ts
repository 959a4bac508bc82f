import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { printHubSchema } from './schema';

/** `schema/schema.graphql` of this checkout: the SDL emitted from the type-graphql classes. */
export const SCHEMA_FILE = join(projectRoot(import.meta.url), 'schema', 'schema.graphql');

/** How to bring the committed SDL up to date. */
export const SCHEMA_UPDATE_HINT = 'run `npx huiju schema --write` (or `npx huiju schema > schema/schema.graphql`)';

/** Writes the SDL to `schema/schema.graphql`; returns whether the file changed. */
export function writeSchemaFile(file: string = SCHEMA_FILE): boolean {
  const sdl = printHubSchema();
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // absent: written below
  }
  if (current === sdl) return false;
  writeFileSync(file, sdl);
  return true;
}
