import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isHuijuError } from '../../../src/errors';
import { createPiiVault, rememberingHashes } from '../../../src/pii/pii-vault';

describe('the PII vault', () => {
  const vault = createPiiVault(randomBytes(32));

  it('round-trips values and never repeats an IV, across refills of its random pool', () => {
    const ivs = new Set<string>();
    // more than one pool of IVs (4,096 per refill)
    for (let i = 0; i < 10_000; i++) {
      const clear = `4201021990030700${String(i % 100).padStart(2, '0')}`;
      const sealed = vault.encrypt(clear);
      expect(sealed.startsWith('v1:')).toBe(true);
      ivs.add(Buffer.from(sealed.slice(3), 'base64').subarray(0, 12).toString('hex'));
      if (i % 997 === 0) expect(vault.decrypt(sealed)).toBe(clear);
    }
    expect(ivs.size).toBe(10_000);
  });

  it('hashes deterministically per kind and refuses a value sealed under another key', () => {
    expect(vault.hash('mobile', '13912345678')).toBe(vault.hash('mobile', '13912345678'));
    expect(vault.hash('mobile', '13912345678')).not.toBe(vault.hash('citizen-id', '13912345678'));
    const other = createPiiVault(randomBytes(32));
    let error: unknown;
    try {
      vault.decrypt(other.encrypt('secret'));
    } catch (err) {
      error = err;
    }
    expect(isHuijuError(error) && error.code).toBe('PII_DECRYPT_FAILED');
  });

  it('gives the same hashes, ciphertexts that decrypt, and the fingerprint when it remembers hashes for a batch', () => {
    const batch = rememberingHashes(vault);
    for (let i = 0; i < 3; i++) expect(batch.hash('citizen-id', '420102199003070010')).toBe(vault.hash('citizen-id', '420102199003070010'));
    expect(batch.hash('mobile', '420102199003070010')).toBe(vault.hash('mobile', '420102199003070010'));
    expect(vault.decrypt(batch.encrypt('张三'))).toBe('张三');
    expect(batch.fingerprint).toBe(vault.fingerprint);
  });
});
