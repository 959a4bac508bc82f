/**
 * How the hub's Kafka clients classify a kafkajs failure: transient (a broker restarting, a leader
 * election, a connection closed — retry with back-off) or permanent (the broker answered with a
 * non-retriable error for what was sent, e.g. `MESSAGE_TOO_LARGE`, `INVALID_RECORD`,
 * `TOPIC_AUTHORIZATION_FAILED` — sending the same thing again gets the same answer, so retrying it
 * would stall whatever waits on it forever).
 */

/** True for any error kafkajs raised (its classes are all named `KafkaJS…`). */
export function isKafkaError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.startsWith('KafkaJS');
}

/**
 * The broker's error type (`MESSAGE_TOO_LARGE`, …) when `err` — or an error it wraps (`cause`,
 * `originalError`, kafkajs's retry and non-retriable wrappers) — is a protocol error the broker
 * flags as not retriable; `null` otherwise (transient Kafka failures, anything else).
 */
export function permanentKafkaErrorType(err: unknown): string | null {
  const seen = new Set<unknown>();
  for (let e = err as KafkaErrorShape | undefined; e && typeof e === 'object' && !seen.has(e); e = (e.cause ?? e.originalError) as KafkaErrorShape | undefined) {
    seen.add(e);
    if (isKafkaError(e) && typeof e.type === 'string' && e.retriable === false) return e.type;
    // a producer request failing on several partitions: permanent when one of them is
    for (const inner of Array.isArray(e.errors) ? e.errors : []) {
      const type = permanentKafkaErrorType(inner);
      if (type) return type;
    }
  }
  return null;
}

/** A Kafka failure worth retrying: a kafkajs error that is not {@link permanentKafkaErrorType permanent}. */
export function isTransientKafkaError(err: unknown): boolean {
  return isKafkaError(err) && permanentKafkaErrorType(err) === null;
}

interface KafkaErrorShape {
  name?: unknown;
  type?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown;
}
