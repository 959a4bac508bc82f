import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/http-server';
import { PLAYGROUND_EXAMPLES } from '../../../src/server/playground/examples';
import type { DemoHub, DemoWorld } from '../support/harness';
import { postGraphql, startDemoServer } from '../support/http-harness';
import { piLeaks } from '../../support/pi-scan';

const leaks = piLeaks;

/** True when a response's data holds something: a non-empty list or a positive figure somewhere. */
function foundData(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value > 0;
  if (value && typeof value === 'object') return Object.values(value).some(foundData);
  return false;
}

export function examplesPiSuite(world: () => DemoWorld): void {
  describe('no personal identifier leaves the API in the playground examples', () => {
    let h: DemoHub;
    let server: RunningServer;
    beforeAll(async () => {
      h = world().h;
      server = await startDemoServer(h);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('the scanner finds identifiers when they are there', () => {
      expect(leaks('{"x":"420102199003070010"}')).toHaveLength(1);
      expect(leaks('tel 13912345678 and +8618627000000')).toHaveLength(2);
      expect(leaks('{"idNumberMasked":"420102***********0","mobileMasked":"139****5678"}')).toEqual([]);
    });

    it.each(PLAYGROUND_EXAMPLES.map((e) => [e.id, e] as const))('example %s runs and its response holds no valid ID number or mobile', async (_id, example) => {
      const { status, body } = await postGraphql(server.url, example.query, example.variables);
      expect(status).toBe(200);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const text = JSON.stringify(body);
      expect(foundData(body.data), 'the example found data to show').toBe(true);
      expect(leaks(text)).toEqual([]);
    });

    it('a broad sweep over every person-bearing field holds none either', async () => {
      const { body } = await postGraphql(
        server.url,
        `{
          persons(first: 500) { nodes { name idNumberMasked mobileMasked birthYear sources { externalId } } }
          cases(first: 200) { nodes { title content address sourceNo sources { externalId } events { reason rawStatus } reporter { name mobileMasked } } }
          households(first: 300) { nodes { householdNo residents(first: 30) { edges { relation node { idNumberMasked } } } } }
        }`,
      );
      expect(body.errors).toBeUndefined();
      expect(leaks(JSON.stringify(body))).toEqual([]);
    });
  });
}
