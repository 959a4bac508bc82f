/**
 * The running hub's card (src/cli/running-hub.ts): written private, read only while its process
 * holds the store's lock, removed only by its writer; the local CLI credential is accepted from
 * loopback only and anything else goes to the hub's own authenticator.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_CALLER } from '../../../src/auth/caller';
import { HuijuError } from '../../../src/errors';
import { localUrl, newCliCredential, readRunningHub, RUNNING_HUB_FILE, withCliCredential, writeRunningHub } from '../../../src/cli/running-hub';

const request = (authorization: string | undefined, remoteAddress: string) => ({ headers: authorization ? { authorization } : {}, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('the running hub card', () => {
  it('is written 0600, read while its process holds the lock, and removed by its writer only', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'huiju-card-'));
    const card = { url: 'http://127.0.0.1:4321', pid: process.pid, startedAt: new Date(0).toISOString(), credential: newCliCredential() };
    const remove = writeRunningHub(dataDir, card);
    expect(statSync(join(dataDir, RUNNING_HUB_FILE)).mode & 0o777).toBe(0o600);
    // no lock held by that pid: not a hub that holds the store
    expect(readRunningHub(dataDir)).toBeNull();
    writeFileSync(join(dataDir, 'huiju.lock'), String(process.pid));
    expect(readRunningHub(dataDir)).toEqual(card);
    // a card whose process is gone is ignored
    writeFileSync(join(dataDir, RUNNING_HUB_FILE), JSON.stringify({ ...card, pid: 4194300 }));
    writeFileSync(join(dataDir, 'huiju.lock'), '4194300');
    expect(readRunningHub(dataDir)).toBeNull();
    // another process's card stays when this one stops
    remove();
    expect(JSON.parse(readFileSync(join(dataDir, RUNNING_HUB_FILE), 'utf8')).pid).toBe(4194300);
    writeFileSync(join(dataDir, RUNNING_HUB_FILE), JSON.stringify(card));
    remove();
    expect(() => statSync(join(dataDir, RUNNING_HUB_FILE))).toThrow();
  });

  it('gives a loopback URL for a hub listening on every interface', () => {
    expect(localUrl('http://0.0.0.0:4000')).toBe('http://127.0.0.1:4000');
    expect(localUrl('http://[::]:4000')).toBe('http://[::1]:4000');
    expect(localUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
  });
});

describe('the local CLI credential', () => {
  const credential = newCliCredential();
  const refused = new HuijuError('UNAUTHENTICATED', 'no');
  const authenticate = withCliCredential(async () => {
    throw refused;
  }, credential);

  it('is the CLI caller from loopback, and nothing else anywhere else', async () => {
    expect(credential).toMatch(/^hjcli_[A-Za-z0-9_-]{43}$/);
    expect(await authenticate(request(`Bearer ${credential}`, '127.0.0.1'))).toBe(CLI_CALLER);
    expect(await authenticate(request(`Bearer ${credential}`, '::ffff:127.0.0.1'))).toBe(CLI_CALLER);
    // from another machine, a wrong or missing credential: the hub's own authenticator decides
    await expect(authenticate(request(`Bearer ${credential}`, '10.0.0.7'))).rejects.toBe(refused);
    // one character off (never the same one: a credential ends in `A` one time in 64)
    const wrong = `${credential.slice(0, -1)}${credential.endsWith('A') ? 'B' : 'A'}`;
    await expect(authenticate(request(`Bearer ${wrong}`, '127.0.0.1'))).rejects.toBe(refused);
    await expect(authenticate(request(`Bearer ${newCliCredential()}`, '127.0.0.1'))).rejects.toBe(refused);
    await expect(authenticate(request(undefined, '127.0.0.1'))).rejects.toBe(refused);
  });
});
