import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay `Node`: anything that can be fetched again by its global ID with `node(id)`. */
@InterfaceType('Node', { description: 'An object with a global ID (base64 of `Type:uuid`), fetchable with `node(id)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Global ID: base64 of `Type:uuid`.' })
  id!: string;
}
