import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';
import { HuijuError } from '../errors';

/** The kinds of personal identifiers the vault hashes; each gets its own hash domain. */
export type PiiKind = 'citizen-id' | 'mobile' | 'name' | 'birth-date';

/**
 * Keyed hashing and encryption of personal identifiers (DOMAIN.md §6): ID numbers and
 * mobiles are stored as an HMAC for matching plus an AES-256-GCM ciphertext of the clear value.
 * Both keys are derived from one 32-byte master key with HKDF, so one secret is configured.
 */
export interface PiiVault {
  /** Keyed hash of an already normalised value (hex). Same input, same key → same hash. */
  hash(kind: PiiKind, normalised: string): string;
  /** Encrypts a clear value; every call uses a fresh IV. Format `v1:<base64 iv|tag|ciphertext>`. */
  encrypt(clear: string): string;
  /** Decrypts a value from {@link encrypt}; throws `PII_DECRYPT_FAILED` on a wrong key or tampering. */
  decrypt(sealed: string): string;
  /** A fingerprint of the key (not the key), stored with the data to catch a key mix-up at start. */
  readonly fingerprint: string;
}

/** IVs are cut from one pool of random bytes, refilled when used up: one system call per 4,096 encryptions, not one each. */
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 4_096);
let ivOffset = ivPool.length;

/** A fresh random 12-byte IV (never handed out twice). */
function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** Builds a vault from a 32-byte master key. */
export function createPiiVault(masterKey: Buffer): PiiVault {
  if (masterKey.length !== 32) throw new HuijuError('CONFIG_INVALID', 'pii.key must be 32 bytes', { field: 'pii.key' });
  const hmacKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'huiju:pii:hmac', 32));
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'huiju:pii:enc', 32));
  const fingerprint = createHmac('sha256', hmacKey).update('huiju:key-fingerprint').digest('hex').slice(0, 16);
  return {
    fingerprint,
    hash(kind, normalised) {
      return createHmac('sha256', hmacKey).update(`${kind}\u0000${normalised}`).digest('hex');
    },
    encrypt(clear) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(sealed) {
      try {
        if (!sealed.startsWith('v1:')) throw new Error('unknown format');
        const raw = Buffer.from(sealed.slice(3), 'base64');
        const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new HuijuError('PII_DECRYPT_FAILED', 'An encrypted value could not be decrypted with the configured PII key', {}, { cause: err });
      }
    },
  };
}

/**
 * The same vault, remembering the hashes it computed: for one batch of records, which hash the
 * same ID number several times (a resident's person row and residency row name the same person).
 * Meant to live as long as the batch, so clear values are not kept beyond it.
 */
export function rememberingHashes(vault: PiiVault): PiiVault {
  const hashes = new Map<string, string>();
  return {
    fingerprint: vault.fingerprint,
    encrypt: (clear) => vault.encrypt(clear),
    decrypt: (sealed) => vault.decrypt(sealed),
    hash(kind, normalised) {
      const key = `${kind}\u0000${normalised}`;
      let h = hashes.get(key);
      if (h === undefined) {
        h = vault.hash(kind, normalised);
        hashes.set(key, h);
      }
      return h;
    },
  };
}
