/**
 * Wraps an async generator so that leaving it (`return`, when the client unsubscribes or the
 * socket closes) takes effect at once: `cancel` runs first (it ends the change stream the
 * generator waits on), then the generator is returned. A plain generator's `return` waits until
 * the generator next reaches a `yield` — for a quiet subscription, until the next change.
 */
export function cancellable<T>(generator: AsyncGenerator<T, void, undefined>, cancel: () => Promise<unknown> | unknown): AsyncIterableIterator<T> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => generator.next(),
    async return() {
      await cancel();
      await generator.return(undefined);
      return { value: undefined, done: true };
    },
    async throw(err: unknown) {
      await cancel();
      return generator.throw(err) as Promise<IteratorResult<T>>;
    },
  };
}

/** Resolves after `ms` milliseconds (0 or less: at once). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
