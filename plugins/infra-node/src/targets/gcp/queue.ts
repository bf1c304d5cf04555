import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription';
import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { environmentKeyId, gcpTarget, pubsubServiceAgent } from './provider';

type Queue = Extract<WorkloadResource, { type: 'queue' }>;

const DAY = 86_400;

/** Pub/Sub accepts 5 to 100 delivery attempts before dead-lettering. */
export function clampDeliveryAttempts(maxReceiveCount = 5): number {
  return Math.min(Math.max(maxReceiveCount, 5), 100);
}

/**
 * A queue as a Pub/Sub topic with one pull subscription (the queue), a
 * dead-letter topic with its own subscription so dead letters are kept, and
 * the IAM grants Pub/Sub needs to move messages there. Pub/Sub encrypts at
 * rest (with the environment's own key for confidential data: subscriptions
 * keep their messages under their topic's key) and in transit by default;
 * messages stay in the region.
 */
export function renderGcpQueue(
  ctx: RenderContext,
  name: string,
  resource: Queue,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const fifo = resource.params.fifo ?? false;
  const retentionDays = ctx.messageRetentionDays(
    resource.params.retentionDays,
    4,
  );
  const topicSettings = {
    // Data residency: Pub/Sub stores messages only in this region.
    messageStoragePolicy: {
      allowedPersistenceRegions: [gcpTarget(ctx).region],
    },
    kmsKeyName: ctx.customerManagedKey ? environmentKeyId(ctx) : undefined,
    labels: ctx.labels,
  };
  const subscriptionSettings = {
    // Subscriptions otherwise expire after 31 days without subscribers.
    expirationPolicy: { ttl: '' },
    labels: ctx.labels,
  };

  const topic = new PubsubTopic(ctx.scope, `${name}-topic`, {
    name: ctx.name(name),
    ...topicSettings,
  });
  const dlTopic = new PubsubTopic(ctx.scope, `${name}-dlq-topic`, {
    name: ctx.name(name, 'dlq'),
    ...topicSettings,
  });
  const subscription = new PubsubSubscription(ctx.scope, name, {
    name: ctx.name(name),
    topic: topic.id,
    ackDeadlineSeconds: resource.params.visibilityTimeoutSeconds ?? 30,
    messageRetentionDuration: `${retentionDays * DAY}s`,
    // Pub/Sub's FIFO: ordered per ordering key, each message acked once.
    enableMessageOrdering: fifo,
    enableExactlyOnceDelivery: fifo,
    deadLetterPolicy: {
      deadLetterTopic: dlTopic.id,
      maxDeliveryAttempts: clampDeliveryAttempts(
        resource.params.maxReceiveCount,
      ),
    },
    // Back off between redeliveries instead of retrying immediately.
    retryPolicy: { minimumBackoff: '10s', maximumBackoff: '600s' },
    ...subscriptionSettings,
  });
  // A topic without a subscription drops what is published to it.
  const dlSubscription = new PubsubSubscription(ctx.scope, `${name}-dlq`, {
    name: ctx.name(name, 'dlq'),
    topic: dlTopic.id,
    // Dead letters are kept for investigation as long as on AWS (14 days).
    messageRetentionDuration: `${14 * DAY}s`,
    ...subscriptionSettings,
  });

  const agent = pubsubServiceAgent(ctx);
  const publish = new PubsubTopicIamMember(ctx.scope, `${name}-dlq-publisher`, {
    topic: dlTopic.name,
    role: 'roles/pubsub.publisher',
    member: agent,
  });
  publish.overrideLogicalId(`${name}-dlq-publisher`);
  const forward = new PubsubSubscriptionIamMember(
    ctx.scope,
    `${name}-dlq-subscriber`,
    {
      subscription: subscription.name,
      role: 'roles/pubsub.subscriber',
      member: agent,
    },
  );
  forward.overrideLogicalId(`${name}-dlq-subscriber`);

  const common = {
    workloadResource: name,
    resourceType: 'queue' as const,
    sku: 'pubsub',
    sizeClass,
    highAvailability: true, // Pub/Sub is regional and replicated across zones.
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: false,
  };
  ctx.record(subscription, name, {
    ...common,
    role: 'queue',
    deadLetterQueue: true, // deadLetterPolicy above
  });
  ctx.record(topic, `${name}-topic`, { ...common, role: 'queue-topic' });
  ctx.record(dlSubscription, `${name}-dlq`, {
    ...common,
    role: 'dead-letter-queue',
  });
  ctx.record(dlTopic, `${name}-dlq-topic`, {
    ...common,
    role: 'dead-letter-topic',
  });
  ctx.output(`${name}_topic`, topic.id, `${name}: topic to publish to`);
  ctx.output(
    `${name}_subscription`,
    subscription.id,
    `${name}: subscription to pull from`,
  );
  ctx.output(
    `${name}_dlq_subscription`,
    dlSubscription.id,
    `${name}: dead letters`,
  );
  ctx.provide(name, {
    name: fromValue(ctx.name(name)),
    url: unavailable(
      `Pub/Sub addresses subscriptions by name: use \${resources.${name}.name}`,
    ),
  });
}
