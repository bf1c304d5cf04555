/**
 * Pave's scaffolder actions, and the URL reader that lets the catalog read
 * repositories they publish.
 *
 * @packageDocumentation
 */
export { scaffolderModulePave as default } from './module';
export { createInfraSynthAction } from './actions/infraSynth';
export { createPolicyCheckAction } from './actions/policyCheck';
export { createPublishAction } from './actions/publish';
export { createCatalogRegisterAction } from './actions/catalogRegister';
export { createCostEstimateAction } from './actions/costEstimate';
export { RepositoryStore } from './repositories/RepositoryStore';
export { repositoryUrlReaderFactory } from './repositories/urlReaderFactory';
