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
