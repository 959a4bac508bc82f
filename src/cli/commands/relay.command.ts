import type { Command } from 'commander';
import { changesTopic } from '../../kafka/topic-names';
import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';

/** `huiju relay`: publishes the outbox's change events to Kafka (CloudEvents on `huiju.changes`). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('relay')
    .description(
      'Publish change events from the outbox to Kafka as CloudEvents (topic outbox.topic, default <kafka.topicPrefix>changes = huiju.changes; needs KAFKA_BROKERS). ' +
        'At least once: consumers de-duplicate on the event id. Several relays may run against one PostgreSQL store.',
    )
    .option('--once', 'publish what is in the outbox now, then exit')
    .option('--topic <name>', 'topic to publish to (default: HUIJU_CHANGES_TOPIC or huiju.changes)')
    .option('--batch-size <n>', 'events per round', '500')
    .option('--json', 'print the result as JSON (with --once)')
    .action(async (opts: { once?: boolean; topic?: string; batchSize: string; json?: boolean }) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw Object.assign(new Error('--batch-size must be a positive integer'), { code: 'BAD_USER_INPUT' });
      const [{ createHubOutboxRelay }, { HuijuError }] = await Promise.all([import('../../kafka/hub-outbox-relay'), import('../../errors')]);
      if (!ctx.config().kafka.brokers) throw new HuijuError('KAFKA_NOT_CONFIGURED', 'huiju relay publishes to Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
      const hub = await ctx.openHub();
      const progress = createProgress(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, { quiet: opts.json, rateKey: 'published' });
      let published = 0;
      const topic = opts.topic ?? changesTopic(hub.config);
      try {
        const relay = createHubOutboxRelay(hub, {
          topic,
          batchSize,
          onPublished: (n) => {
            published += n;
            progress.update({ published }, 'relay');
          },
        });
        try {
          if (opts.once) {
            const pruned = await relay.prune();
            await relay.drain();
            progress.done({ published }, 'relay');
            if (opts.json) ctx.out.write(`${JSON.stringify({ topic, published, pruned })}\n`);
            else ctx.out.write(`Published ${published} change event(s) to ${topic}${pruned ? `; pruned ${pruned} old published event(s)` : ''}.\n`);
            return;
          }
          ctx.err.write(`Relaying change events from ${hub.store.description} to ${topic} (Ctrl-C to stop) …\n`);
          relay.start();
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
          progress.done({ published }, 'relay');
        } finally {
          await relay.stop();
        }
      } finally {
        await hub.close();
      }
    });
}
