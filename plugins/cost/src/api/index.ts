export { costApiRef } from './CostApi';
export type { CostApi, CostEstimateBody } from './CostApi';
export { CostClient } from './CostClient';
export { errorMessage, isNotFound } from './errorMessage';
