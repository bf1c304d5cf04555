/**
 * Pave's local repository store: real bare git repositories under one
 * directory, one per published service, created with the git CLI; and the
 * URL reader that lets the catalog read files from them.
 *
 * @packageDocumentation
 */
export { RepositoryStore } from './RepositoryStore';
export type { CommitAuthor, CreatedRepository } from './RepositoryStore';
export {
  PRISTINE_BRANCH,
  TEMPLATE_RECORD_PATH,
  compareVersions,
  parseTemplateRecord,
  stringifyTemplateRecord,
} from './templateRecord';
export type { TemplateRecord, TemplateRenderer } from './templateRecord';
export { TemplateUpgrades } from './TemplateUpgrades';
export type { UpgradeConflict, UpgradeResult } from './TemplateUpgrades';
export { UpgradeBranches } from './UpgradeBranches';
export {
  RepositoryUrlReader,
  repositoryBaseUrl,
  repositoryFileUrl,
} from './RepositoryUrlReader';
export { repositoryUrlReaderFactory } from './urlReaderFactory';
