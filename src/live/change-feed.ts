/**
 * The in-process publish/subscribe of change events that GraphQL subscriptions read
 * (ARCHITECTURE.md: "the GraphQL layer never consumes topics; it reads src/live's pub/sub").
 * A source — the outbox poller in embedded mode (./outbox-feed.ts), the `huiju.changes` consumer in
 * distributed mode (./kafka-feed.ts) — publishes; subscriptions listen. The source runs only while
 * someone listens: the feed calls `start` when the first listener arrives and `stop` when the last
 * leaves.
 */

/**
 * One change, as it travels to subscribers: a reference without personal information (the
 * outbox row / CloudEvent minus its `sources`). Subscribers load the row's current state through
 * the API, where the caller's role and scope decide what is shown.
 */
export interface LiveChange {
  /** The outbox `event_id` (CloudEvent `id`): the same on every redelivery, used to drop duplicates. */
  eventId: string;
  /** Canonical entity name (`case`, `person`, `household`, …). */
  entity: string;
  /** The changed row's id (uuid). */
  id: string;
  /** `created` or `updated`. */
  operation: string;
  /** When the change committed, ISO-8601. */
  time: string;
}

/** Receives the changes of one delivery, in commit order. Must not throw (a throw is swallowed). */
export type ChangeListener = (changes: readonly LiveChange[]) => void;

/** What feeds a {@link ChangeFeed}: started with the first listener, stopped after the last. */
export interface ChangeSource {
  /** Begins delivering changes committed from now on to `publish`. May reject (then retried on the next listener). */
  start(publish: (changes: readonly LiveChange[]) => void): Promise<void>;
  /** Stops delivering; resolves when nothing more will be published. */
  stop(): Promise<void>;
}

/** The pub/sub itself. */
export interface ChangeFeed {
  /**
   * Adds a listener; the source starts when it is the first. The returned promise resolves once
   * the source delivers (changes committed after that reach the listener); call the returned
   * function to leave (the source stops when the last listener leaves).
   */
  subscribe(listener: ChangeListener): { ready: Promise<void>; unsubscribe: () => void };
  /** Delivers changes to every listener (what the source calls; tests may call it too). Duplicated event ids are dropped. */
  publish(changes: readonly LiveChange[]): void;
  /** Listeners now. */
  readonly listenerCount: number;
  /** Stops the source and drops every listener. */
  close(): Promise<void>;
}

/** Event ids remembered to drop redeliveries (at-least-once sources). */
const SEEN_IDS = 10_000;

/**
 * Builds a feed over `source` (none: a feed only `publish` fills, for tests). The source's
 * start and stop are serialised: a listener arriving while the source stops waits for the stop
 * and starts it again.
 */
export function createChangeFeed(source?: ChangeSource, options: { onError?: (err: unknown) => void } = {}): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  const seen = new Set<string>();
  let running: Promise<void> | null = null;
  // start/stop in order: each waits for the one before
  let transition: Promise<void> = Promise.resolve();

  const publish = (changes: readonly LiveChange[]) => {
    const fresh = changes.filter((c) => {
      if (seen.has(c.eventId)) return false;
      seen.add(c.eventId);
      return true;
    });
    if (seen.size > SEEN_IDS) {
      // oldest first: a Set iterates in insertion order
      const drop = seen.size - SEEN_IDS / 2;
      let i = 0;
      for (const id of seen) {
        if (i++ >= drop) break;
        seen.delete(id);
      }
    }
    if (fresh.length === 0) return;
    for (const l of [...listeners]) {
      try {
        l(fresh);
      } catch (err) {
        options.onError?.(err);
      }
    }
  };

  const ensureStarted = (): Promise<void> => {
    if (!source) return Promise.resolve();
    if (!running) {
      running = transition = transition.then(() => source.start(publish)).catch((err: unknown) => {
        running = null;
        options.onError?.(err);
        throw err;
      });
    }
    return running;
  };

  const stopIfIdle = () => {
    if (!source || listeners.size > 0 || !running) return;
    const was = running;
    running = null;
    transition = was
      .catch(() => {})
      .then(() => (listeners.size === 0 && !running ? source.stop() : undefined))
      .catch((err: unknown) => options.onError?.(err));
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      const ready = ensureStarted();
      ready.catch(() => {}); // the caller decides what a failed start means
      return {
        ready,
        unsubscribe: () => {
          if (listeners.delete(listener)) stopIfIdle();
        },
      };
    },
    publish,
    get listenerCount() {
      return listeners.size;
    },
    async close() {
      listeners.clear();
      stopIfIdle();
      await transition.catch(() => {});
    },
  };
}

/**
 * The changes a feed delivers as an async iterator of batches, for a subscription's `subscribe`.
 * Batches arriving while the consumer is busy are merged (at most `maxBuffered` changes are kept;
 * older ones are dropped first — a live view wants the latest, not a backlog). Leaving the
 * iteration (`return`) unsubscribes. The first `next()` waits until the source delivers.
 */
export function changeBatches(feed: ChangeFeed, options: { maxBuffered?: number } = {}): AsyncIterableIterator<LiveChange[]> {
  const max = options.maxBuffered ?? 1_000;
  let buffer: LiveChange[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const { ready, unsubscribe } = feed.subscribe((changes) => {
    buffer.push(...changes);
    if (buffer.length > max) buffer = buffer.slice(buffer.length - max);
    wake?.();
  });
  const finish = (): IteratorResult<LiveChange[]> => {
    done = true;
    unsubscribe();
    wake?.();
    return { value: undefined, done: true };
  };
  let started = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (!started) {
        started = true;
        try {
          await ready;
        } catch (err) {
          finish();
          throw err;
        }
      }
      while (!done && buffer.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (done) return { value: undefined, done: true };
      const batch = buffer;
      buffer = [];
      return { value: batch, done: false };
    },
    async return() {
      return finish();
    },
    async throw(err: unknown) {
      finish();
      throw err;
    },
  };
}
