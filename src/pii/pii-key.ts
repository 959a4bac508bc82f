import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeKey, type HuijuConfig } from '../config';
import { createPrivateDataDir, holdsEmbeddedStore } from '../db/embedded-data-dir';
import { HuijuError } from '../errors';

/**
 * Finds the PII master key: `pii.key` / `HUIJU_PII_KEY` when set; on the embedded store a key
 * generated once into `<dataDir>/pii.key` (mode 0600); on PostgreSQL without a key, an error —
 * a generated key would be lost with the machine and every stored hash with it.
 *
 * The key file is refused (`PII_KEY_INSECURE`) when group or others may read or write it, and a
 * missing key file is never regenerated for a data folder that already holds a store
 * (`PII_KEY_MISSING`): a new key would leave every stored hash and encrypted ID number unreadable.
 */
export function resolvePiiKey(config: HuijuConfig): { key: Buffer; origin: 'config' | 'generated' | 'data-dir' } {
  if (config.pii.key) return { key: decodeKey(config.pii.key)!, origin: 'config' };
  if (config.database.url) {
    throw new HuijuError(
      'CONFIG_INVALID',
      'HUIJU_PII_KEY (pii.key) is required with DATABASE_URL: set it to 32 random bytes as hex or base64, e.g. `openssl rand -hex 32`, and keep it safe — hashes and encrypted ID numbers depend on it.',
      { field: 'pii.key' },
    );
  }
  const file = join(config.dataDir, 'pii.key');
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new HuijuError(
        'PII_KEY_INSECURE',
        `The PII key ${file} may be read by other users (mode ${mode.toString(8).padStart(4, '0')}): run \`chmod 600 ${file}\`, then start again.`,
        { field: 'pii.key', file, mode: mode.toString(8) },
      );
    }
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new HuijuError('CONFIG_INVALID', `${file} does not hold a 32-byte key (hex or base64)`, { field: 'pii.key' });
    return { key, origin: 'data-dir' };
  }
  if (holdsEmbeddedStore(config.dataDir)) {
    throw new HuijuError(
      'PII_KEY_MISSING',
      `The embedded store in ${config.dataDir} has no PII key (${file} is missing). Restore the key from your backup into ${file} (chmod 600), or set HUIJU_PII_KEY; a new key would leave its hashed and encrypted ID numbers unreadable. To start afresh instead, move ${config.dataDir} away.`,
      { field: 'pii.key', file },
    );
  }
  createPrivateDataDir(config.dataDir);
  // 'wx': never overwrite a key another process wrote meanwhile
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: decodeKey(readFileSync(file, 'utf8'))!, origin: 'generated' };
}
