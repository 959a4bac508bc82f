import { describe, expect, it } from 'vitest';
import { TransactionLanes } from '../../../src/kafka/transaction-lanes';

const tick = () => new Promise((r) => setImmediate(r));

describe('transaction lanes', () => {
  it('grants at most `size` lanes at a time, then in the order they were asked for', async () => {
    const lanes = new TransactionLanes(2);
    const order: string[] = [];
    const a = await lanes.acquire();
    expect(lanes.full()).toBe(false);
    const b = await lanes.acquire();
    expect(lanes.full()).toBe(true);
    const waiting = ['c', 'd', 'e'].map((name) => lanes.acquire().then((release) => {
        order.push(name);
        return release;
      }));
    await tick();
    expect(order).toEqual([]);
    a();
    await tick();
    expect(order).toEqual(['c']);
    // a lane handed over stays held: still full
    expect(lanes.full()).toBe(true);
    b();
    await tick();
    expect(order).toEqual(['c', 'd']);
    const [c, d, e] = [await waiting[0]!, await waiting[1]!, waiting[2]!];
    c();
    await tick();
    expect(order).toEqual(['c', 'd', 'e']);
    d();
    (await e)();
    expect(lanes.full()).toBe(false);
  });

  it('counts a release once, however often it is called', async () => {
    const lanes = new TransactionLanes(1);
    const first = await lanes.acquire();
    let second: (() => void) | undefined;
    void lanes.acquire().then((r) => (second = r));
    first();
    first();
    await tick();
    expect(second).toBeTypeOf('function');
    // the repeated release neither freed a second lane nor handed one to nobody
    expect(lanes.full()).toBe(true);
    let third = false;
    void lanes.acquire().then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    second!();
    await tick();
    expect(third).toBe(true);
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => new TransactionLanes(0)).toThrow(/positive whole number/);
    expect(() => new TransactionLanes(1.5)).toThrow(/positive whole number/);
  });
});
