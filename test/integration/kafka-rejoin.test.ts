/**
 * Quick rejoin (emulated static membership, src/kafka/group-member.ts): a worker process holding
 * every partition of a topic, with a 30 s session timeout, is SIGKILLed — it never leaves the group.
 * Restarted under the same instance id, it removes its dead predecessor (LeaveGroup on its behalf,
 * the member id read from PostgreSQL) and applies its first chunk long before that session would
 * have timed out. Without the mechanism the restarted worker idles until the old session expires
 * (measured 28.7–31.3 s). The bound asserted is deliberately wide (half the session timeout): it
 * proves the eviction, not a speed; the measured seconds are printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { expect, inject, it } from 'vitest';
import { createKafka } from '../../src/kafka/client';
import { evictPredecessor } from '../../src/kafka/group-member';
import { loadMemberId, saveMember } from '../../src/kafka/ingest-member.repository';
import { runIngestChild } from '../support/ingest-child-runner';
import { caughtUp, publishSource } from '../support/kafka-ingest';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticSource } from '../support/synthetic-people';
import { captureLog } from '../support/log-capture';
import { useKafkaTestResources } from '../support/kafka-test-resources';

const SESSION_TIMEOUT_MS = 30_000;

describeWithKafka('a worker restarted after SIGKILL under its instance id', () => {
  const resources = useKafkaTestResources();
  const run = randomUUID().slice(0, 8);
  const sourceId = resources.source(`t-rejoin-${run}`);

  it.skipIf(!inject('databaseUrl'))('applies its first chunk well within the dead member\'s 30 s session timeout; a stopped worker leaves at once', { timeout: 120_000 }, async () => {
    const brokers = kafkaBrokers();
    const key = randomBytes(32);
    const hub = await resources.hub(key);
    await publishSource(hub, syntheticSource(sourceId, { count: 6_000 }), brokers, 3);
    const group = `huiju-test-${run}-rejoin`;
    const instance = `rejoin-${run}`;
    // small chunks, so the first run is killed with most of the topic left to apply
    const args = [hub.databaseUrl!, key.toString('hex'), brokers.join(','), sourceId, group, '100', String(SESSION_TIMEOUT_MS), instance];

    const killed = await runIngestChild(args, { killAfter: 2 });
    expect(killed, 'the first worker is SIGKILLed after 2 chunks').toMatchObject({ signal: 'SIGKILL' });
    // the killed worker joined (holding all 3 partitions, alone in the group) and stored its member id
    const dead = await loadMemberId(hub.db, group, instance);
    expect(dead).not.toBeNull();
    expect(await caughtUp(hub.db, brokers, sourceId, group)).toBe(false);

    const spawned = Date.now(); // = when the first worker was killed, give or take a poll
    let starting: number | undefined;
    let firstBatchAt: number | undefined;
    const restarted = await runIngestChild(args, {
      onLine: (line) => {
        if (line === 'starting') starting = Date.now();
      },
      onBatch: (n) => {
        if (n === 1) firstBatchAt = Date.now();
      },
      until: async () => firstBatchAt !== undefined,
    });
    expect(restarted.code).toBe(0);
    expect(starting).toBeDefined();
    expect(firstBatchAt).toBeDefined();
    // from the worker's start() (process up, store open) to its first committed chunk: what the
    // group membership costs; and from the spawn, which adds node + tsx start-up on this machine
    const seconds = (firstBatchAt! - starting!) / 1000;
    console.info(`rejoin after SIGKILL: first chunk ${seconds.toFixed(1)} s after the worker started (${((firstBatchAt! - spawned) / 1000).toFixed(1)} s after the process was spawned); session timeout ${SESSION_TIMEOUT_MS / 1000} s`);
    expect(seconds).toBeLessThan(SESSION_TIMEOUT_MS / 2 / 1000);
    // the restarted worker joined as a new member, stored in place of the dead one
    const now = await loadMemberId(hub.db, group, instance);
    expect(now).not.toBeNull();
    expect(now).not.toBe(dead);

    // leave on shutdown: the restarted worker was stopped with SIGTERM, so it left the group
    // itself — a worker under another instance id (nothing to evict) joins at once too
    const third = { starting: undefined as number | undefined, first: undefined as number | undefined };
    const other = await runIngestChild([...args.slice(0, -1), `${instance}-other`], {
      onLine: (line) => {
        if (line === 'starting') third.starting = Date.now();
      },
      onBatch: (n) => {
        if (n === 1) third.first = Date.now();
      },
      until: async () => third.first !== undefined,
    });
    expect(other.code).toBe(0);
    expect(third.first).toBeDefined();
    const afterLeave = (third.first! - third.starting!) / 1000;
    console.info(`after a SIGTERM (leave on shutdown): another worker's first chunk ${afterLeave.toFixed(1)} s after it started`);
    expect(afterLeave).toBeLessThan(SESSION_TIMEOUT_MS / 2 / 1000);
  });

  it.skipIf(!inject('databaseUrl'))('never evicts a live process that runs under the same instance id on this host; asks the broker for a dead one', { timeout: 60_000 }, async () => {
    const hub = await resources.hub();
    const group = `huiju-test-${run}-guard`;
    const kafka = createKafka({ brokers: kafkaBrokers() });
    const evict = async (pid: number) => {
      await saveMember(hub.db, { group, instance: 'shared', memberId: `huiju-ingest-${randomUUID()}`, host: hostname(), pid, processToken: randomUUID() });
      const log = captureLog();
      await evictPredecessor(kafka, hub.db, { group, instance: 'shared', log: log.logger });
      return log.parsed().map((l) => [l.code ?? null, l.msg]);
    };
    // another process on this host that is still running: its member is left alone
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const live = await evict(running.pid!);
      expect(live).toEqual([['INSTANCE_ID_IN_USE', expect.stringContaining('another live worker on this host')]]);
    } finally {
      running.kill('SIGKILL');
    }
    // a process that has exited: LeaveGroup is sent; the coordinator does not know that member
    const exited = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = await evict(exited);
    expect(dead).toEqual([[null, "this instance's previous member had already left the group"]]);
  });
});
