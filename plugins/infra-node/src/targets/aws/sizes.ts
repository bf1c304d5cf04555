import { SizeClass } from '@pave/plugin-infra-common';

/** RDS instance classes (Graviton, current generation). */
export const AWS_DB_INSTANCE_CLASS: Record<SizeClass, string> = {
  small: 'db.t4g.small',
  medium: 'db.m7g.large',
  large: 'db.r7g.xlarge',
};

/** ElastiCache node types. */
export const AWS_CACHE_NODE_TYPE: Record<SizeClass, string> = {
  small: 'cache.t4g.small',
  medium: 'cache.m7g.large',
  large: 'cache.r7g.xlarge',
};

/**
 * Amazon MQ for RabbitMQ broker types. AWS's version guide
 * (docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html)
 * lists mq.t3, mq.m5 and mq.m7g for RabbitMQ 3.13; mq.t3.micro runs as a
 * single instance only, which is all a small class ever gets (prod, the
 * one HA type, starts at medium).
 */
export const AWS_MQ_INSTANCE_TYPE: Record<SizeClass, string> = {
  small: 'mq.t3.micro',
  medium: 'mq.m5.large',
  large: 'mq.m5.xlarge',
};
