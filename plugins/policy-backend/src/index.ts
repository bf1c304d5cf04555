/**
 * Pave's policy plugin: Cedar policies under `policies/` judge infra plans
 * and services.
 *
 * @packageDocumentation
 */
export { policyPlugin as default } from './plugin';
export { PolicyEngine } from './engine/PolicyEngine';
export type {
  PolicyEngineOptions,
  PolicyReloadResult,
} from './engine/PolicyEngine';
export type { GroupFacts } from './engine/entities';
