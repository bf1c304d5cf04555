/**
 * Pave's cost plugin for the portal: the Cost tab on catalog components,
 * the team cost card on Group pages, and `CostEstimateSummary` for showing
 * an estimate elsewhere (the Create wizard's live panel). The tab and the
 * card load lazily with their extensions, so they are not exported here.
 *
 * @packageDocumentation
 */
export { costPlugin, costPlugin as default } from './plugin';
export { costApiRef, CostClient } from './api';
export type { CostApi, CostEstimateBody } from './api';
export { CostEstimateSummary } from './components/CostEstimateSummary';
export type { CostEstimateSummaryProps } from './components/CostEstimateSummary';
