import { ServicebusTopic } from '@cdktf/provider-azurerm/lib/servicebus-topic';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
} from '../../synth/RenderContext';
import { entityRecord, isoDays, serviceBusNamespace } from './messaging';

type Topic = Extract<WorkloadResource, { type: 'topic' }>;

/**
 * A Service Bus topic: retention capped by the environment, ordering and
 * duplicate detection for FIFO. Subscribers add their own subscriptions.
 */
export function renderAzureTopic(
  ctx: RenderContext,
  name: string,
  resource: Topic,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const fifo = resource.params.fifo ?? false;
  const retentionDays = ctx.messageRetentionDays(
    resource.params.retentionDays,
    7,
  );
  const namespace = serviceBusNamespace(ctx, {
    name,
    type: 'topic',
    sizeClass,
  });

  const topic = new ServicebusTopic(ctx.scope, name, {
    name,
    namespaceId: namespace.id,
    defaultMessageTtl: isoDays(retentionDays),
    supportOrdering: fifo,
    requiresDuplicateDetection: fifo,
    duplicateDetectionHistoryTimeWindow: fifo ? 'PT5M' : undefined,
  });
  ctx.record(topic, name, entityRecord(ctx, name, 'topic', sizeClass));
  ctx.output(`${name}_topic`, topic.name, `${name}: topic name`);
  ctx.provide(name, {
    name: fromValue(name),
    id: fromTerraform(`${name}_topic_id`),
  });
  ctx.output(`${name}_topic_id`, topic.id, `${name}: topic resource id`);
}
