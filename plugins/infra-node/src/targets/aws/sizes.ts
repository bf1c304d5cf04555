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
