import { TargetRenderer } from '../TargetRenderer';
import { configureAzure } from './provider';
import { renderAzurePostgres } from './postgres';
import { renderAzureMysql } from './mysql';
import { renderAzureRedis } from './redis';
import { renderAzureAmqp, renderAzureQueue } from './queue';
import { renderAzureTopic } from './topic';
import { renderAzureBucket } from './objectStorage';

/** Microsoft Azure (azurerm 4.x). */
export const azureTarget: TargetRenderer = {
  configure: configureAzure,
  resources: {
    postgres: renderAzurePostgres,
    mysql: renderAzureMysql,
    redis: renderAzureRedis,
    queue: renderAzureQueue,
    amqp: renderAzureAmqp,
    topic: renderAzureTopic,
    s3: renderAzureBucket,
  },
};
