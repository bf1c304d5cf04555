/**
 * Pave's cost plugin: `/api/cost` prices a normalized infra plan with the
 * pricing catalog under `pricing/` before anything is created, keeps each
 * entity's estimate history and actual spend (FOCUS), and rolls costs up
 * per team against budgets.
 *
 * @packageDocumentation
 */
export { costPlugin as default, costActualsExtensionPoint } from './plugin';
export type { CostActualsExtensionPoint } from './plugin';
export { catalogModulePaveCostBudgets } from './catalog/module';
export {
  ActualsIngester,
  FocusDirectoryProvider,
} from './actuals/ActualsIngester';
export type { CostActualsProvider } from './actuals/ActualsIngester';
export { DatabaseCostStore } from './database/DatabaseCostStore';
export { CostEstimator } from './service/CostEstimator';
export type { CostEstimatorOptions } from './service/CostEstimator';
export { PricingCatalog } from './service/PricingCatalog';
export type { RecordPrice } from './service/PricingCatalog';
