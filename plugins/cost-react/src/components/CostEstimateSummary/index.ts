export { CostEstimateSummary } from './CostEstimateSummary';
export type { CostEstimateSummaryProps } from './CostEstimateSummary';
