import { Fn } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
} from '../../synth/RenderContext';
import { denyInsecureTransport, environmentKeyArn } from './provider';

type Queue = Extract<WorkloadResource, { type: 'queue' }>;

const DAY = 86_400;

/**
 * SQS with a dead-letter queue: server-side encryption (SQS-managed, or the
 * environment's own key for confidential data), TLS-only access policy,
 * retention capped by the environment, FIFO where asked.
 */
export function renderAwsQueue(
  ctx: RenderContext,
  name: string,
  resource: Queue,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const fifo = resource.params.fifo ?? false;
  const suffix = fifo ? '.fifo' : '';
  const retentionDays = ctx.messageRetentionDays(
    resource.params.retentionDays,
    4,
  );

  // SQS-managed keys, or the environment's customer-managed one: never both.
  const encryption = ctx.customerManagedKey
    ? { kmsMasterKeyId: environmentKeyArn(ctx) }
    : { sqsManagedSseEnabled: true };
  const dlq = new SqsQueue(ctx.scope, `${name}-dlq`, {
    name: `${ctx.name(name, 'dlq', 75)}${suffix}`,
    fifoQueue: fifo || undefined,
    messageRetentionSeconds: 14 * DAY,
    ...encryption,
    tags: ctx.tags,
  });
  const queue = new SqsQueue(ctx.scope, name, {
    name: `${ctx.name(name, undefined, 75)}${suffix}`,
    fifoQueue: fifo || undefined,
    contentBasedDeduplication: fifo || undefined,
    messageRetentionSeconds: retentionDays * DAY,
    visibilityTimeoutSeconds: resource.params.visibilityTimeoutSeconds ?? 30,
    ...encryption,
    redrivePolicy: Fn.jsonencode({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: resource.params.maxReceiveCount ?? 5,
    }),
    tags: ctx.tags,
  });
  for (const [q, id] of [
    [queue, name],
    [dlq, `${name}-dlq`],
  ] as const) {
    const policy = new SqsQueuePolicy(ctx.scope, `${id}-policy`, {
      queueUrl: q.url,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [denyInsecureTransport([q.arn])],
      }),
    });
    policy.overrideLogicalId(`${id}-policy`);
  }
  const common = {
    workloadResource: name,
    resourceType: 'queue' as const,
    sizeClass,
    highAvailability: true, // SQS is regional and replicated across zones.
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: false,
  };
  ctx.record(queue, name, {
    ...common,
    role: 'queue',
    sku: fifo ? 'sqs-fifo' : 'sqs-standard',
    deadLetterQueue: true, // the redrive policy above
  });
  ctx.record(dlq, `${name}-dlq`, {
    ...common,
    role: 'dead-letter-queue',
    sku: fifo ? 'sqs-fifo' : 'sqs-standard',
  });
  ctx.output(`${name}_url`, queue.url, `${name}: queue URL`);
  ctx.output(`${name}_dlq_url`, dlq.url, `${name}: dead-letter queue URL`);
  ctx.provide(name, {
    name: fromValue(`${ctx.name(name, undefined, 75)}${suffix}`),
    url: fromTerraform(`${name}_url`),
  });
}
