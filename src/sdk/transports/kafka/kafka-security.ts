/**
 * TLS and SASL settings of a Kafka client, shared by the hub's own clients (`kafka.ssl`,
 * `kafka.sasl` in huiju.config, src/kafka/client.ts) and by connectors that read their source's
 * Kafka (`ssl`, `sasl` in a source's config, e.g. property-events). One schema, one conversion to
 * kafkajs options ({@link kafkaSecurityOptions}), so both sides accept and apply the same settings.
 * kafkajs types stay in this folder.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { ConnectorError } from '../../connector-error';
import { secret } from '../../secret';

/** SASL mechanisms the clients speak (kafkajs names, lower case). */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/**
 * `ssl`: TLS to the brokers. Given at all, TLS is on unless `enabled: false`. Without `caFile`
 * the system's trusted CAs verify the brokers' certificates.
 */
export const kafkaTlsSchema = z
  .object({
    /** Connect with TLS. Default `true` (when the `ssl` object is given). */
    enabled: z.boolean().default(true),
    /** PEM file of the CA(s) that signed the brokers' certificates. Default: the system's CAs. */
    caFile: z.string().min(1).optional(),
    /** PEM client certificate, for brokers that require mutual TLS (`ssl.client.auth=required`); needs `keyFile`. */
    certFile: z.string().min(1).optional(),
    /** PEM private key of `certFile` (unencrypted). */
    keyFile: z.string().min(1).optional(),
    /** Refuse brokers whose certificate does not verify. Default `true`; `false` only for a test broker. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.certFile !== undefined && t.keyFile === undefined) ctx.addIssue({ code: 'custom', path: ['keyFile'], message: 'is required with certFile (mutual TLS needs the certificate and its key)' });
    if (t.keyFile !== undefined && t.certFile === undefined) ctx.addIssue({ code: 'custom', path: ['certFile'], message: 'is required with keyFile (mutual TLS needs the certificate and its key)' });
  });

/** `sasl`: authentication with a user name and password. */
export const kafkaSaslSchema = z
  .object({
    /** `plain` (only over TLS outside a test network: the password travels as written), `scram-sha-256` or `scram-sha-512`. */
    mechanism: z.enum(SASL_MECHANISMS, { error: `must be one of ${SASL_MECHANISMS.join(', ')}` }),
    /** The Kafka user. */
    username: z.string({ error: 'is required with a SASL mechanism' }).min(1, 'is required with a SASL mechanism'),
    /** The user's password: a secret (never logged or shown; give it as `${ENV_VAR}` in a source's config). */
    password: secret(z.string({ error: 'is required with a SASL mechanism' }).min(1, 'is required with a SASL mechanism'), 'SASL password (secret)'),
  })
  .strict();

export type KafkaTlsSettings = z.output<typeof kafkaTlsSchema>;
export type KafkaSaslSettings = z.output<typeof kafkaSaslSchema>;

/** A client's security settings: both optional (neither = PLAINTEXT). */
export interface KafkaSecuritySettings {
  ssl?: KafkaTlsSettings | undefined;
  sasl?: KafkaSaslSettings | undefined;
}

/**
 * True when an error message is Node's TLS layer refusing a handshake (an untrusted, expired or
 * mismatched certificate, TLS spoken to a plain listener): a setting to fix, not a broker to wait for.
 */
export function isTlsFailure(message: string): boolean {
  return /certificate|self[- ]signed|ERR_TLS|SSL routines|wrong version number|handshake/i.test(message);
}

/** The file fields of {@link KafkaTlsSettings}, for checks that name the field. */
export const TLS_FILE_FIELDS = ['caFile', 'certFile', 'keyFile'] as const;

/**
 * The kafkajs `ssl` and `sasl` options of `settings`: PEM files read now (relative paths against
 * `baseDir`, default the working directory). An unreadable file is a `config`
 * {@link ConnectorError} (`KAFKA_TLS_FILE_UNREADABLE`) naming the field (`ssl.caFile`).
 */
export function kafkaSecurityOptions(settings: KafkaSecuritySettings, baseDir?: string): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const tls = settings.ssl;
  if (tls?.enabled) {
    const read = (field: (typeof TLS_FILE_FIELDS)[number]): Buffer | undefined => {
      const file = tls[field];
      if (file === undefined) return undefined;
      const path = baseDir === undefined ? resolve(file) : resolve(baseDir, file);
      try {
        return readFileSync(path);
      } catch (err) {
        throw new ConnectorError('config', 'KAFKA_TLS_FILE_UNREADABLE', `ssl.${field}: cannot read ${path}`, { internalMessage: (err as Error).message, cause: err, details: { field: `ssl.${field}` } });
      }
    };
    const ca = read('caFile');
    const cert = read('certFile');
    const key = read('keyFile');
    out.ssl = { rejectUnauthorized: tls.rejectUnauthorized, ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }
  if (settings.sasl) {
    const { mechanism, username, password } = settings.sasl;
    out.sasl = { mechanism, username, password } as SASLOptions;
  }
  return out;
}

