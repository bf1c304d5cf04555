import { TargetRenderer } from '../TargetRenderer';
import { configureAws } from './provider';
import { renderAwsDatabase } from './database';
import { renderAwsRedis } from './redis';
import { renderAwsQueue } from './queue';
import { renderAwsTopic } from './topic';
import { renderAwsBucket } from './objectStorage';
import { renderAwsAmqp } from './amqp';

/** Amazon Web Services. */
export const awsTarget: TargetRenderer = {
  configure: configureAws,
  resources: {
    postgres: renderAwsDatabase,
    mysql: renderAwsDatabase,
    redis: renderAwsRedis,
    queue: renderAwsQueue,
    topic: renderAwsTopic,
    s3: renderAwsBucket,
    amqp: renderAwsAmqp,
  },
};
