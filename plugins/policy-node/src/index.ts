/**
 * Pave's Cedar policy engine, shared by the policy API and the permission
 * policy through {@link policyEngineServiceRef}, and the policy plugin's API
 * for other backend plugins and modules ({@link policyServiceRef}).
 *
 * @packageDocumentation
 */
export { PolicyEngine } from './engine/PolicyEngine';
export type { PolicyEngineOptions } from './engine/PolicyEngine';
export type { GroupFacts } from './engine/entities';
export { policyEngineServiceRef, policyDirectory } from './policyEngineService';
export { createPolicyService, policyServiceRef } from './policyServiceRef';
export type { PolicyService } from './policyServiceRef';
