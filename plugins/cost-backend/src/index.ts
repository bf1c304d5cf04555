/**
 * Pave's cost plugin: `/api/cost/estimate` prices a normalized infra plan
 * with the pricing catalog under `pricing/`, before anything is created.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
export { CostEstimator } from './service/CostEstimator';
export type { CostEstimatorOptions } from './service/CostEstimator';
export { PricingCatalog } from './service/PricingCatalog';
export type { RecordPrice } from './service/PricingCatalog';
