import { InputError } from '@backstage/errors';
import { TargetRenderer } from '../TargetRenderer';
import { configureGcp } from './provider';
import { renderGcpDatabase } from './database';
import { renderGcpRedis } from './redis';
import { renderGcpQueue } from './queue';
import { renderGcpTopic } from './topic';
import { renderGcpBucket } from './objectStorage';

/** Google Cloud. */
export const gcpTarget: TargetRenderer = {
  configure: configureGcp,
  resources: {
    postgres: renderGcpDatabase,
    mysql: renderGcpDatabase,
    redis: renderGcpRedis,
    queue: renderGcpQueue,
    topic: renderGcpTopic,
    s3: renderGcpBucket,
    amqp: (ctx, name) => {
      throw new InputError(
        `resources.${name}.type: amqp is not offered on gcp (environment ${ctx.environment.name}): Google Cloud has no managed AMQP broker; use a queue (a Pub/Sub subscription) or a topic resource instead`,
      );
    },
  },
};
