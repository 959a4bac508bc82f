import type { PubSub } from 'type-graphql';

/**
 * The `pubSub` type-graphql asks for when a schema has subscriptions. The hub's subscriptions
 * name a `subscribe` function over src/live's change feed instead of topics, so nothing publishes
 * or subscribes here: a resolver declaring `topics` fails loudly instead of never delivering.
 */
export const TOPICLESS_PUBSUB: PubSub = {
  publish() {
    throw new Error('Subscriptions read src/live (a `subscribe` function), not pubSub topics');
  },
  subscribe() {
    throw new Error('Subscriptions read src/live (a `subscribe` function), not pubSub topics');
  },
};
