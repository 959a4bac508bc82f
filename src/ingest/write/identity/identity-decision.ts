import type { CanonicalEntity } from '../../../sdk/canonical-change';

/** An existing row an incoming key was found to be. */
export interface MatchTarget {
  id: string;
  naturalKey: string;
}

/** Why a key became a new row although existing rows resemble it. */
export type ReviewReason = 'AMBIGUOUS' | 'WEAK_MATCH';

/**
 * What the identity step decided for one incoming natural key that the store does not hold:
 * - `attach`: it is `target` (the key is rewritten to the target's), tied by `method`;
 * - `review`: a new row, listed in the review queue with the `candidates` it might be;
 * - `new`: a new row, nothing resembles it.
 */
export type IdentityDecision =
  | {
      kind: 'attach';
      target: MatchTarget;
      method: string;
      confidence: number;
      /** Nullable identity columns the incoming row must not overwrite (the target's stay). */
      dropColumns?: readonly string[];
      /** Values the incoming row takes instead of its own (the target's, for NOT NULL columns). */
      keepValues?: Readonly<Record<string, unknown>>;
    }
  | {
      kind: 'review';
      reason: ReviewReason;
      candidates: string[];
      /** Candidates new in the same batch, by natural key (their ids are known once the batch is written). */
      candidateKeys?: string[];
      evidence: Record<string, boolean>;
    }
  | { kind: 'new' };

/** Entities whose keys the identity step resolves beyond exact natural keys. */
export const RESOLVED_ENTITIES: readonly CanonicalEntity[] = ['person', 'organization', 'building'];
