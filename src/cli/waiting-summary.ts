/** Waiting (parked) records of one source stream, by the kind of row they wait for (`countParked`). */
export interface WaitingCount {
  source: string;
  stream: string;
  missingEntity: string;
  count: number;
}

/**
 * The end-of-load lines about records still parked (src/ingest/park/): how many, of which source
 * stream, waiting for what kind of row, and what becomes of them — they are never expired
 * silently by a load. `null` when nothing waits. `parkedFor` is the hub's `ingest.parkedFor`.
 */
export function formatWaitingSummary(waiting: readonly WaitingCount[], parkedFor: string): string | null {
  const total = waiting.reduce((n, w) => n + w.count, 0);
  if (total === 0) return null;
  const lines = [
    `${total.toLocaleString('en-US')} record(s) still wait for a row they refer to that no record read so far delivered (e.g. a person whose own record was dead-lettered):`,
    ...waiting.map((w) => `  ${w.source}/${w.stream} → a ${w.missingEntity}: ${w.count.toLocaleString('en-US')}`),
    parkedFor === '0'
      ? 'Parking is off (ingest.parkedFor 0): the next sync run or `huiju parked expire` turns them into UNRESOLVED_REFERENCE dead letters.'
      : `They stay parked: each is applied when its row lands (a later sync of any source); those still waiting after ingest.parkedFor (${parkedFor}) become UNRESOLVED_REFERENCE dead letters. \`huiju parked list\` shows them; \`huiju parked expire --now\` ends the wait.`,
  ];
  return lines.join('\n');
}
