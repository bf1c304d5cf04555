/**
 * A catalog module of Pave's cost plugin: it checks the budget annotations
 * of Groups, so a bad budget shows on the Group's processing status.
 *
 * @packageDocumentation
 */
export { catalogModulePaveCostBudgets as default } from './module';
export { BudgetAnnotationProcessor } from './BudgetAnnotationProcessor';
