/**
 * Pave's scaffolder actions: the policy gate, the infrastructure synthesis,
 * publishing to a git repository, registering with rollback, recording
 * the cost estimate, and running the new service in an environment.
 *
 * @packageDocumentation
 */
export { scaffolderModulePave as default } from './module';
export { createInfraSynthAction } from './actions/infraSynth';
export { createPolicyCheckAction } from './actions/policyCheck';
export type { PolicyCheckActionOptions } from './actions/policyCheck';
export { createPublishAction } from './actions/publish';
export type { PublishActionOptions } from './actions/publish';
export { createCatalogRegisterAction } from './actions/catalogRegister';
export type { CatalogRegisterActionOptions } from './actions/catalogRegister';
export { createCostEstimateAction } from './actions/costEstimate';
export type { CostEstimateActionOptions } from './actions/costEstimate';
export { createEnvironmentDeployAction } from './actions/environmentDeploy';
export type { EnvironmentDeployActionOptions } from './actions/environmentDeploy';
export {
  goldenTemplateRenderer,
  readGoldenTemplate,
  TEMPLATE_VERSION_ANNOTATION,
} from './upgrade/goldenTemplateRenderer';
export { goldenTemplatesServiceFactory } from './upgrade/goldenTemplatesServiceFactory';
