/**
 * Estimates, entity and team costs as the cost backend answers them, and a
 * mock {@link @pave/plugin-cost-common#CostApi}, for the tests of UI that
 * shows costs.
 *
 * @packageDocumentation
 */
export * from './costs';
