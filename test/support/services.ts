/**
 * Helpers for tests that need the real services resolved by test/setup/global-setup.ts.
 *
 *   describeWithPostgres('repository', () => { ... inject('databaseUrl')! ... });
 *   describeWithKafka('relay', () => { const kafka = createKafka({ brokers: kafkaBrokers() }); ... });
 *
 * Where a service is not available the whole block is skipped (global-setup prints why; under
 * CI=true it fails the run instead, so nothing is silently skipped there).
 */
import { describe, inject } from 'vitest';

type SuiteBody = () => void;

/** A describe block that runs only when PostgreSQL is available (`inject('databaseUrl')`). */
export function describeWithPostgres(name: string, fn: SuiteBody): void {
  describe.skipIf(!inject('databaseUrl'))(name, fn);
}

/** A describe block that runs only when a Kafka broker is available (`inject('kafkaBrokers')`). */
export function describeWithKafka(name: string, fn: SuiteBody): void {
  describe.skipIf(!inject('kafkaBrokers'))(name, fn);
}

/** The admin URL of the test PostgreSQL; throws outside a {@link describeWithPostgres} block. */
export function databaseUrl(): string {
  const url = inject('databaseUrl');
  if (!url) throw new Error('PostgreSQL is not available: use describeWithPostgres');
  return url;
}

/** The test Kafka brokers as `host:port` strings; throws outside a {@link describeWithKafka} block. */
export function kafkaBrokers(): string[] {
  const brokers = inject('kafkaBrokers');
  if (!brokers) throw new Error('Kafka is not available: use describeWithKafka');
  return brokers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The authenticated listeners of the test broker, as `bash scripts/kafka.sh env` prints them (and
 * .ci/run exports): `KAFKA_SASL_BROKERS` (SASL_PLAINTEXT), `KAFKA_SASL_SSL_BROKERS` and
 * `KAFKA_TEST_CA_FILE` (SASL_SSL, when the broker has TLS), and the one user of every mechanism,
 * `KAFKA_TEST_SASL_USER` / `KAFKA_TEST_SASL_PASSWORD` (defaults as in scripts/kafka.sh).
 */
export interface SaslTestKafka {
  brokers: string[];
  /** SASL over TLS, or `null` when the broker has no TLS listener. */
  sslBrokers: string[] | null;
  /** The CA that signed the broker's certificate (with `sslBrokers`). */
  caFile: string | null;
  username: string;
  password: string;
}

/** The SASL listeners from the environment, or `null` when `KAFKA_SASL_BROKERS` is not set. */
export function saslTestKafka(): SaslTestKafka | null {
  const env = process.env;
  const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  const brokers = list(env.KAFKA_SASL_BROKERS);
  if (brokers.length === 0) return null;
  const sslBrokers = list(env.KAFKA_SASL_SSL_BROKERS);
  return {
    brokers,
    sslBrokers: sslBrokers.length > 0 && env.KAFKA_TEST_CA_FILE ? sslBrokers : null,
    caFile: env.KAFKA_TEST_CA_FILE || null,
    username: env.KAFKA_TEST_SASL_USER || 'huiju-test',
    password: env.KAFKA_TEST_SASL_PASSWORD || 'huiju-test-password',
  };
}

/**
 * A describe block that runs only when the broker's SASL listener is configured
 * ({@link saslTestKafka}); skipped with the reason otherwise, and an error under CI=true (CI starts
 * the broker with it and exports the variables).
 */
export function describeWithSaslKafka(name: string, fn: SuiteBody): void {
  if (saslTestKafka()) {
    describe(name, fn);
    return;
  }
  const reason = 'KAFKA_SASL_BROKERS is not set: start the broker with `bash scripts/kafka.sh start` and `eval "$(bash scripts/kafka.sh env)"`';
  if (process.env.CI === 'true') throw new Error(`${name}: required under CI=true, but ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, fn);
}
