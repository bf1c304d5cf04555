import { ServicebusQueue } from '@cdktf/provider-azurerm/lib/servicebus-queue';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import {
  entityRecord,
  isoDays,
  isoSeconds,
  serviceBusNamespace,
} from './messaging';
import { clamp } from './sizes';
import { globalName } from './provider';

type Queue = Extract<WorkloadResource, { type: 'queue' }>;
type Amqp = Extract<WorkloadResource, { type: 'amqp' }>;

/** AMQP 1.0 over TLS, Service Bus's AMQP port. */
const AMQPS_PORT = 5671;

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
  resourceType: 'queue' | 'amqp' = 'queue',
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
    type: resourceType,
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
  ctx.record(queue, name, {
    ...entityRecord(ctx, name, resourceType, sizeClass),
    // Expired and undeliverable messages go to the built-in $deadletterqueue.
    deadLetterQueue: true,
  });
  ctx.output(`${name}_queue`, queue.name, `${name}: queue name`);
  ctx.output(
    `${name}_dlq`,
    `${name}/$deadletterqueue`,
    `${name}: dead-letter queue path`,
  );
  // The namespace name as messaging.ts gives it (known before apply).
  const host = `${globalName(
    ctx,
    'sbns',
    undefined,
    50,
  )}.servicebus.windows.net`;
  const entraOnly = unavailable(
    'local (SAS) authentication is off on the namespace: the workload authenticates with a Microsoft Entra token for its managed identity',
  );
  ctx.provide(name, {
    name: fromValue(name),
    url: fromValue(`https://${host}/${name}`),
    ...(resourceType === 'amqp'
      ? {
          host: fromValue(host),
          port: fromValue(AMQPS_PORT),
          vhost: unavailable(
            `Service Bus has no virtual hosts: address the queue by name (\${resources.${name}.name})`,
          ),
          username: entraOnly,
          password: entraOnly,
        }
      : {}),
  });
}

/**
 * AMQP on Azure: a Service Bus queue, which speaks AMQP 1.0 (not RabbitMQ's
 * 0-9-1) on the namespace's TLS port.
 */
export function renderAzureAmqp(
  ctx: RenderContext,
  name: string,
  resource: Amqp,
) {
  renderAzureQueue(
    ctx,
    name,
    { ...resource, type: 'queue', params: {} },
    'amqp',
  );
}
