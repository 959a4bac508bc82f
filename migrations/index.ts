import type { Migration } from 'kysely';
import * as canonicalModel from './20261127_120000_canonical_model';
import * as lineageAndIngestion from './20261127_120100_lineage_and_ingestion';
import * as deadLetterReplay from './20261127_130000_dead_letter_replay';
import * as identityMatching from './20261128_030000_identity_matching';

/**
 * Every migration, explicitly listed in order (no file-system scanning, so bundlers and
 * `npx huiju` see the same list). Names are timestamps; a landed migration is never edited.
 */
export const migrations: Record<string, Migration> = {
  '20261127_120000_canonical_model': canonicalModel,
  '20261127_120100_lineage_and_ingestion': lineageAndIngestion,
  '20261127_130000_dead_letter_replay': deadLetterReplay,
  '20261128_030000_identity_matching': identityMatching,
};
