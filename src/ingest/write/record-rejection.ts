import type { DeadLetterStage } from '../../db/tables/ingestion.table';
import { HuijuError } from '../../errors';

/**
 * Raised while preparing a change when the record cannot be used; the write path turns it into a
 * dead letter. `code` is the reason code (`INVALID_ID_CHECKSUM`, `UNRESOLVED_REFERENCE`, …).
 */
export function rejectRecord(stage: DeadLetterStage, reason: string, message: string): HuijuError {
  return new HuijuError(reason, message, { stage });
}

/** The stage a rejection happened in (VALIDATE when unknown). */
export function rejectionStage(err: HuijuError): DeadLetterStage {
  return (err.details.stage as DeadLetterStage | undefined) ?? 'VALIDATE';
}
