/**
 * Pave's scaffolder actions.
 *
 * @packageDocumentation
 */
export { scaffolderModulePave as default } from './module';
export { createInfraSynthAction } from './actions/infraSynth';
export { createPolicyCheckAction } from './actions/policyCheck';
