/**
 * Pave's cost UI that other plugins embed: the estimate summary the Create
 * wizard's live panel shows, the list of what could not be priced, money
 * formatting, and the cost API's ref.
 *
 * @packageDocumentation
 */
export { costApiRef } from './api/costApiRef';
export { CostEstimateSummary } from './components/CostEstimateSummary';
export type { CostEstimateSummaryProps } from './components/CostEstimateSummary';
export { UnpricedList, unpricedEntries } from './components/UnpricedList';
export type { UnpricedEntry } from './components/UnpricedList';
export { UnverifiedPricesNote } from './components/UnverifiedPrices';
export {
  formatDeviation,
  formatEstimate,
  formatQuantity,
  formatUnitUsd,
  formatUsd,
  formatWholeUsd,
} from './format/money';
export { environmentTypesOf } from './format/environmentTypes';
export type { EnvironmentType } from './format/environmentTypes';
