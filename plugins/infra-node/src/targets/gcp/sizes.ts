import { SizeClass } from '@pave/plugin-infra-common';

/**
 * Cloud SQL machine tiers (Enterprise edition, dedicated cores). Shared-core
 * tiers (db-f1-micro, db-g1-small) are left out: they carry no SLA.
 */
export const GCP_SQL_TIER: Record<SizeClass, string> = {
  small: 'db-custom-1-3840',
  medium: 'db-custom-2-7680',
  large: 'db-custom-8-30720',
};

/** Memorystore for Redis capacity (GB) per class. */
export const GCP_REDIS_MEMORY_GB: Record<SizeClass, number> = {
  small: 1,
  medium: 5,
  large: 16,
};
