import { HuijuError } from '../../src/errors';

/** The configuration error `fn` throws; fails the test when it throws nothing or something else. */
export function configError(fn: () => unknown): HuijuError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HuijuError) return err;
    throw err;
  }
  throw new Error('expected a configuration error');
}
