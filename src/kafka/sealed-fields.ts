import { HuijuError } from '../errors';
import type { PiiVault } from '../pii/pii-vault';
import { replaceDeclaredValues, type PersonalFieldKind, type PersonalFields } from '../sdk/personal-fields';

/**
 * Field-level encryption of raw-topic payloads (README "Personal information on the raw
 * topics"): a sealed value is replaced by `{"$enc": "<vault ciphertext of the value's JSON>"}`,
 * so a dump of `huiju.raw.<source>` shows no clear ID number or mobile, and the worker restores
 * the exact value (type included) before mapping — the payload hash and the mapping see what an
 * in-process sync sees.
 */

/** The one member of a sealed value's object. */
export const SEALED_MEMBER = '$enc';

/** A sealed value as it stands in a raw-topic payload. */
export interface SealedValue {
  /** `PiiVault.encrypt` of the value's JSON text (`v1:<base64>`). */
  $enc: string;
}

/** The declared kinds encrypted on the raw topics: the identifiers DOMAIN.md §6 stores as hash + ciphertext. */
export const SEALED_KINDS: readonly PersonalFieldKind[] = ['idNumber', 'mobile'];

/** Encrypts one value (any JSON value) into a {@link SealedValue}. */
export function sealValue(value: unknown, vault: Pick<PiiVault, 'encrypt'>): SealedValue {
  return { [SEALED_MEMBER]: vault.encrypt(JSON.stringify(value)) } as SealedValue;
}

/** True for an object whose only member is a string `$enc`. */
export function isSealedValue(value: unknown): value is SealedValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === SEALED_MEMBER && typeof (value as Record<string, unknown>)[SEALED_MEMBER] === 'string';
}

/**
 * A record's data with the values at its stream's declared ID-number and mobile paths sealed.
 * Without a declaration (or with none of those kinds) the data is returned as it is.
 */
export function sealRecordData(data: unknown, fields: PersonalFields | undefined, vault: Pick<PiiVault, 'encrypt'>): unknown {
  if (!fields) return data;
  return replaceDeclaredValues(data, fields, SEALED_KINDS, (v) => sealValue(v, vault)).value;
}

/**
 * The value with every {@link SealedValue} inside it decrypted back to the value it sealed;
 * values without any are returned as they are (records published before sealing, or by other
 * producers). Throws `PII_DECRYPT_FAILED` when a sealed value does not open with the hub's key.
 */
export function openSealedValues(value: unknown, vault: Pick<PiiVault, 'decrypt'>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isSealedValue(value)) {
    const text = vault.decrypt(value.$enc);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new HuijuError('PII_DECRYPT_FAILED', 'A sealed raw-topic value is not JSON after decryption', {}, { cause: err });
    }
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const opened = openSealedValues(v, vault);
      if (opened !== v) {
        out ??= [...value];
        out[i] = opened;
      }
    });
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const opened = openSealedValues(v, vault);
    if (opened !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = opened;
    }
  }
  return out ?? value;
}

/** Cheap pre-check on a message's text: can it hold a sealed value at all? */
export function mayHoldSealedValues(text: string): boolean {
  return text.includes(`"${SEALED_MEMBER}"`);
}
