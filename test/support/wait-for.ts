/**
 * Polls `fn` until it gives a value (not `undefined` or `null`), or throws after `ms` naming what
 * it waited for (`what` may be a function: the text is then built when the wait fails, e.g. with
 * a child process's output so far). For the e2e tests that wait on real processes.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null> | T | undefined | null,
  ms: number,
  what: string | (() => string),
  pollMs = 100,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
