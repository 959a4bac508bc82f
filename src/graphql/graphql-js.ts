/**
 * The graphql-js values the GraphQL layer uses, imported through graphql's CommonJS entry.
 *
 * type-graphql and Apollo Server load `graphql` with Node's resolution, which picks the
 * CommonJS `index.js`; a bundler-style resolver (vite, under vitest) picks `index.mjs` for a
 * bare `'graphql'` import. Two copies of graphql-js in one process break its `instanceof`
 * checks ("Cannot use GraphQLObjectType … from another module or realm"), so value imports go
 * through this one file, which names the CommonJS entry explicitly. Type-only imports may use
 * `'graphql'` directly.
 */
export {
  GraphQLError,
  Kind,
  lexicographicSortSchema,
  printSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  getNamedType,
  isObjectType,
  getNullableType,
  isInterfaceType,
  isListType,
  getVariableValues,
  getArgumentValues,
  isAbstractType,
  isLeafType,
  isNonNullType,
} from 'graphql/index.js';
