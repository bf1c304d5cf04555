import { SizeClass } from '@pave/plugin-infra-common';

/**
 * PostgreSQL flexible server SKUs. Burstable only where nothing needs HA
 * (Burstable cannot run zone-redundant HA; prod's minimum is medium).
 */
export const AZURE_POSTGRES_SKU: Record<SizeClass, string> = {
  small: 'B_Standard_B1ms',
  medium: 'GP_Standard_D2ds_v5',
  large: 'GP_Standard_D8ds_v5',
};

/** MySQL flexible server SKUs (same reasoning as PostgreSQL). */
export const AZURE_MYSQL_SKU: Record<SizeClass, string> = {
  small: 'B_Standard_B1ms',
  medium: 'GP_Standard_D2ds_v4',
  large: 'GP_Standard_D8ds_v4',
};

/** The only storage sizes (MB) a PostgreSQL flexible server accepts. */
const POSTGRES_STORAGE_MB = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4194304,
];

/** Rounds requested GB up to the next size Azure accepts for PostgreSQL. */
export function postgresStorageMb(storageGb: number): number {
  const wanted = storageGb * 1024;
  const size = POSTGRES_STORAGE_MB.find(mb => mb >= wanted);
  if (size === undefined) {
    throw new Error(`PostgreSQL storage of ${storageGb} GB exceeds 4 TiB`);
  }
  return size;
}

/** An Azure Cache for Redis SKU: tier, family and capacity. */
export interface RedisSku {
  skuName: 'Basic' | 'Standard' | 'Premium';
  family: 'C' | 'P';
  capacity: number;
}

/**
 * Redis SKUs. With HA: Premium (zone-redundant replicas). Without: Basic
 * (single node, no SLA) for small, Standard (primary + replica) above.
 */
export function redisSku(sizeClass: SizeClass, ha: boolean): RedisSku {
  if (ha) {
    const capacity = { small: 1, medium: 1, large: 2 }[sizeClass];
    return { skuName: 'Premium', family: 'P', capacity };
  }
  if (sizeClass === 'small') {
    return { skuName: 'Basic', family: 'C', capacity: 1 };
  }
  const capacity = { medium: 2, large: 3 }[sizeClass];
  return { skuName: 'Standard', family: 'C', capacity };
}

/** Clamps a number into `[min, max]`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
