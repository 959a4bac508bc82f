import { formatWaitingSummary } from './waiting-summary';
import { join } from 'node:path';
import type { ConnectorDemoResult, ConnectorDemoStep } from '../demo/load-demo-via-connectors';
import type { ProfileName } from '../demo/profiles';
import { HuijuError } from '../errors';
import type { Hub } from '../hub';
import { createProgress } from './progress';

/** Where `huiju demo` and the first `npm start` render the sources' inputs: `<dataDir>/demo-inputs`. */
export function demoInputsFolder(hub: Hub): string {
  return join(hub.config.dataDir, 'demo-inputs');
}

/**
 * Loads the demo through the connectors (`loadDemoViaConnectors`) with a progress line per
 * source stream on `err` — read, applied, skipped (unchanged or older versions), dead letters,
 * parked (waiting for a row they refer to; with the earlier-parked records the step applied and
 * those of the stream still waiting at its end), then the dead letters by reason — unless `quiet`. S4 reads
 * from Kafka when the hub has brokers configured. A stream that fails fails the load
 * (`SYNC_FAILED`) after every step has run.
 */
export async function runConnectorDemo(hub: Hub, err: NodeJS.WritableStream & { isTTY?: boolean }, options: { profile: ProfileName; seed: string; variants?: boolean; quiet?: boolean }): Promise<ConnectorDemoResult> {
  const { loadDemoViaConnectors } = await import('../demo/load-demo-via-connectors');
  // one line per source stream, each with its own rate: steps run one after the other, each
  // beginning when the one before it ended
  const progress = createProgress(err, { quiet: options.quiet });
  let stepStarted = Date.now();
  const label = (s: ConnectorDemoStep) => `${s.source}/${s.stream}`;
  // a step that ends within a couple of seconds gets only its final line
  const update = (s: ConnectorDemoStep) => {
    if (Date.now() - stepStarted > 2_000) progress.update(counts(s), label(s), { startedAt: stepStarted });
  };
  const counts = (s: ConnectorDemoStep) => ({
    read: s.read,
    applied: s.applied,
    skipped: s.unchanged + s.stale,
    'dead letters': s.deadLetters,
    parked: s.parked,
    ...(s.unparked > 0 ? { 'applied from parked': s.unparked } : {}),
    ...(s.waiting ? { 'still waiting': s.waiting } : {}),
  });
  const folder = demoInputsFolder(hub);
  if (!options.quiet) err.write(`Demo "${options.profile}": rendering the four sources' inputs into ${folder} and reading them through the connectors …\n`);
  const result = await loadDemoViaConnectors(hub, {
    profile: options.profile,
    seed: options.seed,
    variants: options.variants,
    folder,
    kafkaBrokers: hub.config.kafka.brokers,
    onProgress: update,
    onStepDone: (s) => {
      // the final line counts from when the step itself began
      progress.done(counts(s), label(s), { startedAt: Date.now() - (s.seconds ?? 0) * 1000 });
      stepStarted = Date.now();
      const reasons = Object.entries(s.reasons);
      if (!options.quiet && reasons.length > 0) err.write(`    dead letters by reason: ${reasons.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    },
  });
  if (result.failures.length > 0) throw new HuijuError('SYNC_FAILED', `demo: ${result.failures.length} source stream(s) failed:\n  - ${result.failures.join('\n  - ')}`);
  return result;
}

/**
 * The end-of-load summary of a demo load through the connectors (`huiju demo`, the first
 * `npm start`): counts, then what still waits for a row (formatWaitingSummary), one text.
 */
export function formatDemoLoaded(result: ConnectorDemoResult, parkedFor: string): string {
  const skipped = result.unchanged + result.stale;
  const line =
    `Demo loaded: read ${result.read}, applied ${result.applied}${skipped ? `, skipped ${skipped}` : ''}, dead letters ${result.deadLetters}, parked ${result.parked}` +
    `${result.unparked ? ` (applied from parked once their row landed: ${result.unparked})` : ''}, still waiting ${result.waiting} (${result.seconds.toFixed(1)} s)`;
  const waiting = formatWaitingSummary(result.waitingFor, parkedFor);
  return waiting ? `${line}\n${waiting}` : line;
}

