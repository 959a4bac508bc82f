import { connectionType } from '../common/connection';
import { MatchReviewType } from './match-review.type';

/** A page of review entries, newest first. */
export const MatchReviewConnection = connectionType(MatchReviewType, 'MatchReview', 'A page of identity review entries, newest first.');
