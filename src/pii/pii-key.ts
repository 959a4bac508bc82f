import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeKey, type HuijuConfig } from '../config';
import { HuijuError } from '../errors';

/**
 * Finds the PII master key: `pii.key` / `HUIJU_PII_KEY` when set; on the embedded store a key
 * generated once into `<dataDir>/pii.key` (mode 0600); on PostgreSQL without a key, an error —
 * a generated key would be lost with the machine and every stored hash with it.
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
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new HuijuError('CONFIG_INVALID', `${file} does not hold a 32-byte key (hex or base64)`, { field: 'pii.key' });
    return { key, origin: 'data-dir' };
  }
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return { key: decodeKey(readFileSync(file, 'utf8'))!, origin: 'generated' };
}
