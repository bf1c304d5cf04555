/**
 * Real normalized plans for tests and benchmarks of code that judges them.
 *
 * @packageDocumentation
 */
export { environmentPlan, ordersWorkload, planFacts, recordOf } from './plans';
export { testCatalogEntities } from './fixtures';
