import type { RawBuilder } from 'kysely';
import type { Database } from '../../db/database';
import type { CaseRules } from '../../flow/case-rules';
import type { PiiVault } from '../../pii/pii-vault';
import type { CanonicalEntity, CanonicalInputs } from '../../sdk/canonical-change';

/** A reference from a column to another canonical row, by that row's natural key. */
export interface RowRef {
  entity: CanonicalEntity;
  key: string;
  /**
   * A person known only by name + mobile who must be a person the store holds (a staff role by
   * name + mobile, `StaffRoleInput.person`): the identity step links the reference when exactly
   * one person has this evidence; otherwise it stays unresolved and the record is rejected
   * `UNLINKED_PERSON`, never parked and never creating a person. Default: a plain reference.
   */
  linkOnly?: { nameNorm: string; mobileHash: string | null; birthDate: string | null };
}

/** A dependent row set replaced as a whole when its parent is written (case events, handlers…). */
export interface ChildRows {
  table: keyof Database;
  /** Column holding the parent's id. */
  parentColumn: string;
  rows: { columns: Record<string, unknown>; refs: Record<string, RowRef | null> }[];
  /**
   * The rows of the set the write path owns, by a column's value (case events: `origin =
   * 'SOURCE'`). A replacement deletes only these; rows with another value (the hub's own moves)
   * stay. Default: the write path owns the whole set.
   */
  owned?: { column: string; value: string };
  /**
   * A per-parent sequence column (unique with the parent) that a replacement which kept rows
   * numbers again 1…n in order of `orderBy`, kept rows after owned ones at the same time.
   */
  sequence?: { column: string; orderBy: string };
}

/** A change after validation and normalisation: plain column values plus references. */
export interface PreparedRow {
  naturalKey: string;
  /** Column values (no ids of other rows). `undefined` means "not said by this source". */
  columns: Record<string, unknown>;
  /** Columns holding ids of other rows, by natural key; `null` means "not said", like an undefined column. */
  refs: Record<string, RowRef | null>;
  /** Dependent sets replaced when this row is written. */
  children?: ChildRows[];
  /** Order within the entity for self-references (areas before their children). Default 0. */
  rank?: number;
  /**
   * Columns holding values the record did not say: a stand-in for a NOT NULL column it left open
   * (a building's normalised address from its key), or the values of the row it was matched to
   * (identity matching's `keepValues`). They fill a new row, have no origin, and never replace a
   * value a record said — so the result does not depend on which record arrived first.
   */
  kept?: readonly string[];
}

/** What a spec may use while preparing. */
export interface PrepareContext {
  vault: PiiVault;
  /** Time limits, calendar and duty-item mapping for cases (`caseRulesOf(config)`). Default: none, so no due time is derived. */
  cases?: CaseRules;
}

/**
 * How one canonical entity is written. The write path is generic; an entity contributes only
 * this description: its table, how a change is validated and keyed, and how a key is matched.
 */
export interface EntitySpec<E extends CanonicalEntity = CanonicalEntity> {
  entity: E;
  table: keyof Database;
  /**
   * Validates and normalises one change. Throws a rejection (see `rejectRecord`) with a reason
   * code when the change cannot be used; must not touch the database.
   */
  prepare(data: CanonicalInputs[E], ctx: PrepareContext): PreparedRow;
  /** How a second source's record is tied to an existing row, recorded on `match` rows. */
  matchMethod: string;
  /** Columns where a `null` from the newest record clears the stored value. Default: none (null keeps). */
  nullClears?: readonly string[];
  /**
   * Values a new row gets for columns the change did not say (NOT NULL columns with a default:
   * `tags: []`, `status: 'ACTIVE'`). They are used on insert only: an update never writes a
   * column the change did not say, so a change that only refers to a row cannot reset it.
   */
  defaults?: Readonly<Record<string, unknown>>;
  /**
   * Extra SET expressions for an update in which the given columns are said, e.g. keeping an
   * organisation's previous name in `former_names` when the name changes. `takes(column)` is the
   * SQL condition under which a said column's incoming value survives (see survivorship.ts).
   * Default: none.
   */
  extraUpdates?: (said: ReadonlySet<string>, table: string, takes: (column: string) => RawBuilder<boolean>) => Record<string, unknown>;
  /**
   * Columns whose stored non-null value is kept even when a newer record differs (identity
   * columns that must not flip, e.g. a person's encrypted ID). Default: none.
   */
  keepFirst?: readonly string[];
  /**
   * The natural key from the row's references, for a row keyed by the rows it links (an alliance
   * membership: the two organisations' keys). When the identity step re-keys a referenced row the
   * key is computed again, so two spellings of one unit give one row. Default: the key stays.
   */
  keyFromRefs?: (refs: Readonly<Record<string, RowRef | null>>, row: Readonly<PreparedRow>) => string;
}
