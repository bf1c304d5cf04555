import { EnvironmentCostEstimate } from '@pave/plugin-cost-common';

/** `dev`, `preview`, `staging` or `prod`. */
export type EnvironmentType = EnvironmentCostEstimate['environmentType'];

// From least to most critical, the order budgets and totals are listed in.
const ORDER: readonly EnvironmentType[] = ['dev', 'preview', 'staging', 'prod'];

/** The keys of a per-environment-type record, dev first and prod last. */
export function environmentTypesOf(
  record: Partial<Record<EnvironmentType, unknown>>,
): EnvironmentType[] {
  return ORDER.filter(type => record[type] !== undefined);
}
