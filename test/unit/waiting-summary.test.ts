import { describe, expect, it } from 'vitest';
import { formatWaitingSummary } from '../../src/cli/waiting-summary';

describe('the end-of-load summary of waiting records', () => {
  const waiting = [
    { source: 'demo', stream: 'staff-roles', missingEntity: 'person', count: 7 },
    { source: 'demo-committee-api', stream: 'contact-assignments', missingEntity: 'household', count: 1_200 },
  ];

  it('says how many wait, of which stream, for what, and what becomes of them', () => {
    const text = formatWaitingSummary(waiting, '24h')!;
    expect(text.split('\n')[0]).toMatch(/^1,207 record\(s\) still wait for a row/);
    expect(text).toContain('  demo/staff-roles → a person: 7\n');
    expect(text).toContain('  demo-committee-api/contact-assignments → a household: 1,200\n');
    expect(text).toContain('after ingest.parkedFor (24h) become UNRESOLVED_REFERENCE dead letters');
    expect(text).toContain('huiju parked list');
  });

  it('says nothing when nothing waits, and that the next run ends the wait when parking is off', () => {
    expect(formatWaitingSummary([], '24h')).toBeNull();
    expect(formatWaitingSummary([{ ...waiting[0]!, count: 0 }], '24h')).toBeNull();
    expect(formatWaitingSummary(waiting, '0')).toContain('Parking is off');
  });
});
