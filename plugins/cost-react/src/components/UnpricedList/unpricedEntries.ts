import { CostEstimate } from '@pave/plugin-cost-common';
import { UnpricedEntry } from './UnpricedList';

/** Every unpriced record of an estimate, with its environment. */
export function unpricedEntries(estimate: CostEstimate): UnpricedEntry[] {
  return estimate.environments.flatMap(env =>
    env.unpriced.map(item => ({ environment: env.environment, item })),
  );
}
