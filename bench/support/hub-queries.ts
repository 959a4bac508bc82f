/**
 * The hub's operations the GraphQL benchmarks time (`graphql`, `graphql-peers`): one text each,
 * so every bench measures the same thing.
 */

/** The 3-level query; the same text runs on the hub and on the bare server. */
export const THREE_LEVELS = `{
  areas(filter: { level: COMMUNITY }, first: 4) {
    nodes {
      code
      name
      grids(first: 5) {
        nodes {
          code
          households(first: 10) {
            nodes { householdNo residents(first: 10) { edges { relation node { name birthYear } } } }
          }
        }
      }
    }
  }
}`;

/** A 1,000-row page. */
export const PAGE_1000 = `{ cases(first: 1000) { nodes { sourceNo kind channel category title status urgent reportedAt closedAt returnsCount } } }`;
