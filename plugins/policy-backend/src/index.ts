/**
 * Pave's policy plugin: `/api/policy` judges infra plans, services and
 * template runs with the Cedar policies under `policies/`.
 *
 * @packageDocumentation
 */
export { policyPlugin as default } from './plugin';
