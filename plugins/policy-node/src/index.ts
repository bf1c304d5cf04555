/**
 * Pave's Cedar policy engine, shared by the policy API and the permission
 * policy through {@link policyEngineServiceRef}.
 *
 * @packageDocumentation
 */
export { PolicyEngine } from './engine/PolicyEngine';
export type {
  PolicyEngineOptions,
  PolicyReloadResult,
} from './engine/PolicyEngine';
export type { GroupFacts } from './engine/entities';
export { policyEngineServiceRef, policyDirectory } from './policyEngineService';
