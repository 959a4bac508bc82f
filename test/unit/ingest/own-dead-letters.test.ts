import { describe, expect, it } from 'vitest';
import { ownDeadLetters } from '../../../src/ingest/park/own-dead-letters';

describe('ownDeadLetters', () => {
  it('takes the dead letters of parked records applied now out of a batch’s count and reasons', () => {
    const own = ownDeadLetters({
      deadLetters: 5,
      reasons: { INVALID_ID_CHECKSUM: 2, MOJIBAKE: 1, CONFLICT: 2 },
      unparkedDeadLetters: 3,
      unparkedReasons: { MOJIBAKE: 1, CONFLICT: 2 },
    });
    expect(own).toEqual({ deadLetters: 2, reasons: { INVALID_ID_CHECKSUM: 2 } });
  });

  it('leaves a batch with no such dead letters as it is', () => {
    expect(ownDeadLetters({ deadLetters: 2, reasons: { BAD_JSON: 2 }, unparkedDeadLetters: 0, unparkedReasons: {} })).toEqual({ deadLetters: 2, reasons: { BAD_JSON: 2 } });
  });

  it('keeps a reason both the batch’s records and parked ones failed for, with the batch’s share', () => {
    expect(ownDeadLetters({ deadLetters: 4, reasons: { MOJIBAKE: 4 }, unparkedDeadLetters: 1, unparkedReasons: { MOJIBAKE: 1 } })).toEqual({ deadLetters: 3, reasons: { MOJIBAKE: 3 } });
  });
});
