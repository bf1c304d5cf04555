import { ServicebusQueue } from '@cdktf/provider-azurerm/lib/servicebus-queue';
import { WorkloadResource } from '@pave/plugin-infra-common';
import { RenderContext } from '../../synth/RenderContext';
import {
  entityRecord,
  isoDays,
  isoSeconds,
  serviceBusNamespace,
} from './messaging';
import { clamp } from './sizes';

type Queue = Extract<WorkloadResource, { type: 'queue' }>;

/** Service Bus holds a message lock for at most five minutes. */
const MAX_LOCK_SECONDS = 300;

/**
 * A Service Bus queue: expired and undeliverable messages go to its
 * built-in dead-letter queue, retention capped by the environment, sessions
 * and duplicate detection for FIFO (ordered, exactly-once delivery).
 */
export function renderAzureQueue(
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
  const lockSeconds = clamp(
    resource.params.visibilityTimeoutSeconds ?? 30,
    5,
    MAX_LOCK_SECONDS,
  );
  const namespace = serviceBusNamespace(ctx, {
    name,
    type: 'queue',
    sizeClass,
  });

  const queue = new ServicebusQueue(ctx.scope, name, {
    name,
    namespaceId: namespace.id,
    defaultMessageTtl: isoDays(retentionDays),
    lockDuration: isoSeconds(lockSeconds),
    maxDeliveryCount: resource.params.maxReceiveCount ?? 5,
    deadLetteringOnMessageExpiration: true,
    // Sessions keep messages of one session id in order; duplicate
    // detection drops resent messages (what SQS FIFO deduplication does).
    requiresSession: fifo,
    requiresDuplicateDetection: fifo,
    duplicateDetectionHistoryTimeWindow: fifo ? 'PT5M' : undefined,
  });
  ctx.record(queue, name, entityRecord(ctx, name, 'queue', sizeClass));
  ctx.output(`${name}_queue`, queue.name, `${name}: queue name`);
  ctx.output(
    `${name}_dlq`,
    `${name}/$deadletterqueue`,
    `${name}: dead-letter queue path`,
  );
}
