import { createHash } from 'node:crypto';

/**
 * What is provisioned for one resource of one service in one environment:
 * the unit every database, user, ACL user and vhost is named after.
 */
export interface ResourceUnit {
  service: string;
  environment: string;
  /** The workload resource's name (the key under `resources:`). */
  resource: string;
}

/** The longest name every server accepts for a user (MySQL's classic 32). */
const MAX_NAME = 32;

/**
 * A name safe as a PostgreSQL role and database, a MariaDB user and
 * database, a Redis ACL user and key prefix and a RabbitMQ vhost:
 * lower-case letters, digits and `_`, at most 32 characters (shortened
 * with a stable hash). Inputs are validated identifiers already; this
 * only makes them fit.
 */
export function unitName(unit: ResourceUnit): string {
  const full = `${unit.service}_${unit.environment}_${unit.resource}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  if (full.length <= MAX_NAME) {
    return full;
  }
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_NAME - 9).replace(/_+$/, '')}_${hash}`;
}
