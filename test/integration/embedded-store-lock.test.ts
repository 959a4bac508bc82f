import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store';
import { isHuijuError } from '../../src/errors';

describe('the embedded store', () => {
  it('is open in one process at a time, and a lock left by a dead process is taken over', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-lock-')), 'data');
    const first = await openStore({ dataDir });
    const second = await openStore({ dataDir }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isHuijuError(second, 'STORE_LOCKED')).toBe(true);
    expect((second as Error).message).toContain(dataDir);
    await first.close();

    // a lock file whose process is gone (pid far above any live one) does not block
    writeFileSync(join(dataDir, 'huiju.lock'), '4194300');
    const third = await openStore({ dataDir });
    await third.close();
  });
});
