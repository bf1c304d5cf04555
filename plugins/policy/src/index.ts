/**
 * Pave's policy plugin for the portal: the live verdict in the Create
 * wizard (`ui:field: PavePolicyVerdict`) and the Compliance tab on catalog
 * components. The components themselves load lazily with their extensions,
 * so they are not exported here.
 *
 * @packageDocumentation
 */
export { policyPlugin, policyPlugin as default } from './plugin';
export { policyApiRef } from './api';
export type { PolicyVerdictValue } from './components/PolicyVerdictField/schema';
