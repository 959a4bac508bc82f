import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';

/** Where one consumer group stands on one partition of a raw topic. */
@ObjectType('PartitionLag', {
  simpleResolvers: true,
  description: 'Consumer lag of one partition of a huiju.raw.<source> topic: offsets as committed with the writes, as of the last batch the group applied.',
})
export class PartitionLagType {
  @Field(() => String, { description: 'Consumer group of the ingest workers.' })
  group!: string;

  @Field(() => String, { description: 'Topic.' })
  topic!: string;

  @Field(() => String, { nullable: true, description: 'Source the topic carries (null for a topic that is not huiju.raw.<source>).' })
  source!: string | null;

  @Field(() => Int, { description: 'Partition.' })
  partition!: number;

  @Field(() => Float, { description: 'Next offset to apply (an integer; Float because offsets outgrow 32 bits).' })
  nextOffset!: number;

  @Field(() => Float, { nullable: true, description: 'End offset of the partition seen with the last applied batch.' })
  highWatermark!: number | null;

  @Field(() => Float, { description: 'Messages published and not yet applied: highWatermark − nextOffset, as of updatedAt.' })
  lag!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the group last committed a batch of this partition.' })
  updatedAt!: Date;
}
