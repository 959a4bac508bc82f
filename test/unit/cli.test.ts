import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const run = runCli;

describe('the huiju command', () => {
  it('lists its subcommands and the configuration variables in --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const sub of ['start', 'migrate', 'demo', 'connectors', 'ingest', 'relay', 'dead-letters', 'query', 'schema']) expect(r.stdout).toMatch(new RegExp(`\\n\\s+${sub}\\b`));
    expect(r.stdout).toContain('DATABASE_URL');
  });

  it.each(['start', 'migrate', 'demo', 'connectors', 'connectors list', 'connectors check', 'connectors discover', 'connectors sync', 'connectors reset', 'parked', 'parked list', 'parked expire', 'ingest', 'dead-letters', 'dead-letters list', 'dead-letters replay', 'relay', 'query', 'schema'])('has --help on %s', async (sub) => {
    const r = await run([...sub.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: huiju ${sub}`);
  });

  it('refuses `ingest` and `connectors sync --publish` without Kafka, naming KAFKA_BROKERS', async () => {
    const r = await run(['ingest'], { KAFKA_BROKERS: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('KAFKA_BROKERS');
  });

  it('refuses an `ingest --instance` or KAFKA_INSTANCE_ID that is no instance id, naming it', async () => {
    const flag = await run(['ingest', '--instance', 'two words'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toContain('--instance');
    const env = await run(['ingest'], { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_INSTANCE_ID: 'a/b' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('kafka.instanceId (env KAFKA_INSTANCE_ID)');
  });

  it('fails a bad configuration with exit code 2 and names the field', async () => {
    const r = await run(['migrate'], { PORT: 'not-a-port' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('server.port (env PORT)');
  });

  it('refuses PostgreSQL without a PII key, naming HUIJU_PII_KEY', async () => {
    const r = await run(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', HUIJU_PII_KEY: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HUIJU_PII_KEY');
  });

  it('rejects an unknown demo profile and an unknown command with exit code 2', async () => {
    expect((await run(['demo', '--profile', 'huge'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
