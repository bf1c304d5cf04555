import { Fn } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
} from '../../synth/RenderContext';
import { denyInsecureTransport, environmentKeyArn } from './provider';

type Topic = Extract<WorkloadResource, { type: 'topic' }>;

/**
 * SNS: KMS-encrypted (the AWS-managed SNS key, or the environment's own key
 * for confidential data), TLS-only access policy, FIFO where asked.
 */
export function renderAwsTopic(
  ctx: RenderContext,
  name: string,
  resource: Topic,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const fifo = resource.params.fifo ?? false;
  const topic = new SnsTopic(ctx.scope, name, {
    name: `${ctx.name(name, undefined, 250)}${fifo ? '.fifo' : ''}`,
    fifoTopic: fifo || undefined,
    contentBasedDeduplication: fifo || undefined,
    kmsMasterKeyId: ctx.customerManagedKey
      ? environmentKeyArn(ctx)
      : 'alias/aws/sns',
    tags: ctx.tags,
  });
  const policy = new SnsTopicPolicy(ctx.scope, `${name}-policy`, {
    arn: topic.arn,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [denyInsecureTransport([topic.arn])],
    }),
  });
  policy.overrideLogicalId(`${name}-policy`);
  ctx.record(topic, name, {
    workloadResource: name,
    resourceType: 'topic',
    role: 'topic',
    sku: fifo ? 'sns-fifo' : 'sns-standard',
    sizeClass,
    highAvailability: true,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: false,
  });
  ctx.output(`${name}_arn`, topic.arn, `${name}: topic ARN`);
  ctx.provide(name, {
    name: fromValue(`${ctx.name(name, undefined, 250)}${fifo ? '.fifo' : ''}`),
    id: fromTerraform(`${name}_arn`),
  });
}
