/**
 * Pave's cost engine and the cost plugin's backend interfaces: the pricing
 * catalog and the estimator that prices normalized plans, the FOCUS reader,
 * the {@link costServiceRef} other plugins call the cost plugin through,
 * and the extension point where modules add sources of actual spend.
 *
 * @packageDocumentation
 */
export { costServiceRef, createCostService } from './costServiceRef';
export type { CostService } from './costServiceRef';
export { costActualsExtensionPoint } from './actuals/costActualsExtensionPoint';
export type {
  CostActualsExtensionPoint,
  CostActualsIngester,
  CostActualsProvider,
} from './actuals/costActualsExtensionPoint';
export { PricingCatalog } from './pricing/PricingCatalog';
export type { RecordPrice } from './pricing/PricingCatalog';
export { CostEstimator } from './pricing/CostEstimator';
export type { CostEstimatorOptions } from './pricing/CostEstimator';
export { readFocus } from './focus/focus';
export type {
  FocusAggregate,
  FocusLine,
  ReadFocusOptions,
} from './focus/types';
