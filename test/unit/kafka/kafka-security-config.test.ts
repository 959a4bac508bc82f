/**
 * The hub's Kafka security settings and topic prefix as configured: validation that names the
 * field (and the environment variable), redaction of the SASL password in logs and in a source's
 * display config, the kafkajs options the shared conversion produces, and the topic names.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { propertyEventsConnector } from '../../../connectors/property-events/index';
import { loadConfig } from '../../../src/config';
import { isHuijuError } from '../../../src/errors';
import { resolveSources } from '../../../src/ingest/sync/resolve-source';
import { createKafka } from '../../../src/kafka/client';
import { dlqTopic, rawTopic, sourceOfRawTopic } from '../../../src/kafka/raw-topic';
import { changesTopic, demoPropertyTopic } from '../../../src/kafka/topic-names';
import { kafkaSecurityOptions } from '../../../src/sdk/transports/kafka/kafka-security';
import { configError } from '../../support/config-error';
import { captureLog } from '../../support/log-capture';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'huiju-kafka-sec-'));
const PASSWORD = 'pa55-LEAK-word';

describe('kafka.ssl / kafka.sasl configuration', () => {
  it('reads every setting from the environment, files resolved against the working directory', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'ca.pem'), 'ca');
    writeFileSync(join(cwd, 'client.pem'), 'cert');
    writeFileSync(join(cwd, 'client.key'), 'key');
    const c = loadConfig({
      cwd,
      env: {
        KAFKA_BROKERS: 'kafka-1:9093',
        KAFKA_SSL_CA_FILE: 'ca.pem',
        KAFKA_SSL_CERT_FILE: 'client.pem',
        KAFKA_SSL_KEY_FILE: 'client.key',
        KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'huiju',
        KAFKA_SASL_PASSWORD: PASSWORD,
        KAFKA_TOPIC_PREFIX: 'acme.huiju.',
      },
    });
    expect(c.kafka.ssl).toEqual({ enabled: true, caFile: join(cwd, 'ca.pem'), certFile: join(cwd, 'client.pem'), keyFile: join(cwd, 'client.key'), rejectUnauthorized: false });
    expect(c.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'huiju', password: PASSWORD });
    expect(c.kafka.topicPrefix).toBe('acme.huiju.');
  });

  it('has neither TLS nor SASL by default, and KAFKA_SSL=on alone turns TLS on with the system CAs', () => {
    const plain = loadConfig({ cwd: emptyDir(), env: {} });
    expect(plain.kafka.ssl).toBeUndefined();
    expect(plain.kafka.sasl).toBeUndefined();
    const tls = loadConfig({ cwd: emptyDir(), env: { KAFKA_SSL: 'on' } });
    expect(tls.kafka.ssl).toEqual({ enabled: true, rejectUnauthorized: true });
  });

  it('a SASL mechanism without user name and password fails at start naming both fields', () => {
    const err = configError(() => loadConfig({ cwd: emptyDir(), env: { KAFKA_SASL_MECHANISM: 'scram-sha-256' } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/kafka\.sasl\.username: is required with a SASL mechanism/);
    expect(err.message).toMatch(/kafka\.sasl\.password: is required with a SASL mechanism/);
  });

  it('a password without a mechanism, and an unknown mechanism, name the mechanism field and its variable', () => {
    const missing = configError(() => loadConfig({ cwd: emptyDir(), env: { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD } }));
    expect(missing.message).toMatch(/kafka\.sasl\.mechanism/);
    const unknown = configError(() => loadConfig({ cwd: emptyDir(), env: { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD } }));
    expect(unknown.message).toMatch(/kafka\.sasl\.mechanism \(env KAFKA_SASL_MECHANISM\): must be one of plain, scram-sha-256, scram-sha-512/);
    expect(`${missing.message}${unknown.message}`).not.toContain(PASSWORD);
  });

  it('a CA file that does not exist fails at start naming the field and its variable', () => {
    const cwd = emptyDir();
    const err = configError(() => loadConfig({ cwd, env: { KAFKA_SSL_CA_FILE: 'missing-ca.pem' } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain(`kafka.ssl.caFile (env KAFKA_SSL_CA_FILE): file ${join(cwd, 'missing-ca.pem')} does not exist`);
    expect(err.details.fields).toEqual(['kafka.ssl.caFile']);
  });

  it('a client certificate needs its key (and the other way round)', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'client.pem'), 'cert');
    const err = configError(() => loadConfig({ cwd, env: { KAFKA_SSL_CERT_FILE: 'client.pem' } }));
    expect(err.message).toMatch(/kafka\.ssl\.keyFile: is required with certFile/);
  });

  it('a topic prefix with characters Kafka refuses names the field', () => {
    const err = configError(() => loadConfig({ cwd: emptyDir(), env: { KAFKA_TOPIC_PREFIX: 'acme/huiju' } }));
    expect(err.message).toMatch(/kafka\.topicPrefix \(env KAFKA_TOPIC_PREFIX\)/);
  });
});

describe('the SASL password stays secret', () => {
  it('is redacted when the config is logged', () => {
    const c = loadConfig({ cwd: emptyDir(), env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'huiju', KAFKA_SASL_PASSWORD: PASSWORD } });
    const { logger, lines, parsed } = captureLog('debug');
    logger.info({ config: c }, 'started');
    logger.info({ kafka: c.kafka }, 'kafka');
    logger.info({ sasl: c.kafka.sasl }, 'sasl');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    const [first] = parsed() as { config: { kafka: { sasl: { username: string; password: string } } } }[];
    expect(first!.config.kafka.sasl.username).toBe('huiju');
    expect(first!.config.kafka.sasl.password).not.toBe(PASSWORD);
  });

  it('is *** in a source display config (connectors list, GraphQL), nested in sasl', () => {
    const c = loadConfig({
      cwd: emptyDir(),
      env: {},
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference to an environment variable, which resolveSources fills in
      overrides: { sources: [{ id: 'firms', connector: 'property-events', config: { brokers: 'kafka-1:9092', sasl: { mechanism: 'scram-sha-256', username: 'firms', password: '${FIRMS_KAFKA_PASSWORD}' } } }] },
    });
    const [source] = resolveSources(c, [propertyEventsConnector], { FIRMS_KAFKA_PASSWORD: PASSWORD });
    expect((source!.config as { sasl: { password: string } }).sasl.password).toBe(PASSWORD);
    expect(source!.displayConfig).toMatchObject({ brokers: ['kafka-1:9092'], sasl: { mechanism: 'scram-sha-256', username: 'firms', password: '***' } });
    expect(JSON.stringify(source!.displayConfig)).not.toContain(PASSWORD);
  });

  it('a source config with SASL but no password names the field', () => {
    const c = loadConfig({ cwd: emptyDir(), env: {}, overrides: { sources: [{ id: 'firms', connector: 'property-events', config: { brokers: 'kafka-1:9092', sasl: { mechanism: 'plain', username: 'firms' } } }] } });
    const err = configError(() => resolveSources(c, [propertyEventsConnector], {}));
    expect(err.message).toContain('sources[firms].config.sasl.password: is required with a SASL mechanism');
  });

  it('ssl and sasl in file mode are refused (they belong to Kafka mode)', () => {
    const parsed = propertyEventsConnector.config.safeParse({ file: 'events.jsonl', sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('sasl');
  });
});

describe('kafkaSecurityOptions: the one conversion to kafkajs options', () => {
  it('reads the PEM files (relative to the base folder) and passes SASL as given', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'ca.pem'), 'CA-PEM');
    const options = kafkaSecurityOptions({ ssl: { enabled: true, caFile: 'ca.pem', rejectUnauthorized: true }, sasl: { mechanism: 'scram-sha-512', username: 'u', password: PASSWORD } }, dir);
    expect(options.ssl).toEqual({ rejectUnauthorized: true, ca: [Buffer.from('CA-PEM')] });
    expect(options.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: PASSWORD });
  });

  it('applies nothing when TLS is switched off or nothing is set', () => {
    expect(kafkaSecurityOptions({ ssl: { enabled: false, caFile: '/nowhere/ca.pem', rejectUnauthorized: true } })).toEqual({});
    expect(kafkaSecurityOptions({})).toEqual({});
  });

  it('an unreadable file is a config failure naming the field; the hub client says kafka.ssl.<field>', () => {
    let thrown: unknown;
    try {
      kafkaSecurityOptions({ ssl: { enabled: true, caFile: '/nowhere/ca.pem', rejectUnauthorized: true } });
    } catch (err) {
      thrown = err;
    }
    expect(isHuijuError(thrown, 'KAFKA_TLS_FILE_UNREADABLE')).toBe(true);
    expect((thrown as Error).message).toContain('ssl.caFile: cannot read /nowhere/ca.pem');
    let hub: unknown;
    try {
      createKafka({ brokers: ['127.0.0.1:1'], ssl: { enabled: true, keyFile: '/nowhere/k.pem', certFile: '/nowhere/c.pem', rejectUnauthorized: true } });
    } catch (err) {
      hub = err;
    }
    expect(isHuijuError(hub, 'CONFIG_INVALID')).toBe(true);
    expect((hub as { details: { field: string } }).details.field).toBe('kafka.ssl.certFile');
  });
});

describe('topic names under kafka.topicPrefix', () => {
  it('the default prefix keeps the names of before exactly', () => {
    const c = loadConfig({ cwd: emptyDir(), env: {} });
    expect(c.kafka.topicPrefix).toBe('huiju.');
    expect(rawTopic('dazhi', c.kafka.topicPrefix)).toBe('huiju.raw.dazhi');
    expect(dlqTopic('dazhi', c.kafka.topicPrefix)).toBe('huiju.dlq.dazhi');
    expect(changesTopic(c)).toBe('huiju.changes');
    expect(demoPropertyTopic(c.kafka.topicPrefix)).toBe('huiju.demo.property-events');
  });

  it('another prefix moves every name; HUIJU_CHANGES_TOPIC still names the change topic exactly', () => {
    const c = loadConfig({ cwd: emptyDir(), env: { KAFKA_TOPIC_PREFIX: 'acme.huiju.' } });
    expect(rawTopic('dazhi', c.kafka.topicPrefix)).toBe('acme.huiju.raw.dazhi');
    expect(dlqTopic('dazhi', c.kafka.topicPrefix)).toBe('acme.huiju.dlq.dazhi');
    expect(changesTopic(c)).toBe('acme.huiju.changes');
    expect(sourceOfRawTopic('acme.huiju.raw.dazhi', c.kafka.topicPrefix)).toBe('dazhi');
    expect(sourceOfRawTopic('huiju.raw.dazhi', c.kafka.topicPrefix)).toBeNull();
    const explicit = loadConfig({ cwd: emptyDir(), env: { KAFKA_TOPIC_PREFIX: 'acme.huiju.', HUIJU_CHANGES_TOPIC: 'events.changes' } });
    expect(changesTopic(explicit)).toBe('events.changes');
  });
});
