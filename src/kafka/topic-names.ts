/**
 * The names of the topics the hub creates and reads on its own Kafka, all under one prefix
 * (`kafka.topicPrefix`, env `KAFKA_TOPIC_PREFIX`, default `huiju.`), so an operator grants the hub
 * prefixed ACLs instead of one per topic. {@link hubTopic} is the one place a name is built;
 * raw-topic.ts (raw and dead-letter topics), the outbox relay, the live feed and the demo use it.
 * Topics the hub only reads from other systems (a connector's source topic) are not prefixed.
 */

/** Default prefix of the hub's topics: `huiju.raw.<source>`, `huiju.dlq.<source>`, `huiju.changes`. */
export const DEFAULT_TOPIC_PREFIX = 'huiju.';

/** `<prefix><name>`: e.g. `hubTopic('huiju.', 'changes')` is `huiju.changes`. */
export function hubTopic(prefix: string, name: string): string {
  return `${prefix}${name}`;
}

/**
 * The change-event topic of a hub: `outbox.topic` when set, else `<kafka.topicPrefix>changes`
 * (`huiju.changes` by default).
 */
export function changesTopic(config: { readonly kafka: { readonly topicPrefix: string }; readonly outbox: { readonly topic?: string | undefined } }): string {
  return config.outbox.topic ?? hubTopic(config.kafka.topicPrefix, 'changes');
}

/** The topic the demo publishes the property firms' events to: `<prefix>demo.property-events`. */
export function demoPropertyTopic(prefix: string = DEFAULT_TOPIC_PREFIX): string {
  return hubTopic(prefix, 'demo.property-events');
}
