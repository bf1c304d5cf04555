/**
 * Pave's runtime layer, for backend plugins: the local target's real
 * servers and what it provisions on them.
 *
 * @packageDocumentation
 */
export { LocalResources, LOCAL_RESOURCE_TYPES } from './local/LocalResources';
export type { LocalResourceType } from './local/LocalResources';
export type { ResourceUnit } from './local/names';
export { unitName } from './local/names';
export type {
  LocalServer,
  LocalServerKind,
  ServerEndpoint,
} from './local/servers/LocalServer';
export { LocalServices } from './local/LocalServices';
export type {
  DeployStep,
  LocalDeployRequest,
  LocalDeployment,
} from './local/LocalServices';
export { resolveLocalVariables } from './local/resolveLocal';
export {
  environmentComponentResourceRef,
  isComponentOwner,
  environmentComponentConditions,
  createEnvironmentComponentConditionalDecision,
} from './permissions/componentOwner';
export type { EnvironmentComponentResource } from './permissions/componentOwner';
export {
  environmentsServiceRef,
  createEnvironmentsService,
} from './environmentsServiceRef';
export type { EnvironmentsService } from './environmentsServiceRef';
