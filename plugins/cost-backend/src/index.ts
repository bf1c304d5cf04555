/**
 * Pave's cost plugin: `/api/cost` prices a normalized infra plan with the
 * pricing catalog under `pricing/` before anything is created, keeps each
 * entity's estimate history and actual spend (FOCUS), and rolls costs up
 * per team against budgets. Other plugins call it through `costServiceRef`
 * and add sources of actual spend through `costActualsExtensionPoint`, both
 * in `@pave/plugin-cost-node`.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
