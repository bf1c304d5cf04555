import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
} from '../../synth/RenderContext';
import { environmentKeyId, gcpTarget } from './provider';

type Topic = Extract<WorkloadResource, { type: 'topic' }>;

const DAY = 86_400;

/**
 * A Pub/Sub topic: encrypted at rest (with the environment's own key for
 * confidential data) and in transit by default, messages
 * stored only in the region, retained (for replay by new subscribers) up to
 * the environment's cap. Ordering is a subscription setting on Pub/Sub, so
 * `fifo` needs nothing here.
 */
export function renderGcpTopic(
  ctx: RenderContext,
  name: string,
  resource: Topic,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const retentionDays = ctx.messageRetentionDays(
    resource.params.retentionDays,
    1,
  );
  const topic = new PubsubTopic(ctx.scope, name, {
    name: ctx.name(name),
    messageRetentionDuration: `${retentionDays * DAY}s`,
    messageStoragePolicy: {
      allowedPersistenceRegions: [gcpTarget(ctx).region],
    },
    kmsKeyName: ctx.customerManagedKey ? environmentKeyId(ctx) : undefined,
    labels: ctx.labels,
  });
  ctx.record(topic, name, {
    workloadResource: name,
    resourceType: 'topic',
    role: 'topic',
    sku: 'pubsub',
    sizeClass,
    highAvailability: true,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: false,
  });
  ctx.output(
    `${name}_topic`,
    topic.id,
    `${name}: topic id (projects/…/topics/…)`,
  );
  ctx.provide(name, {
    name: fromValue(ctx.name(name)),
    id: fromTerraform(`${name}_topic`),
  });
}
