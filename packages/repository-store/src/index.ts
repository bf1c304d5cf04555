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
  TemplateUpgrades,
  compareVersions,
  parseTemplateRecord,
  stringifyTemplateRecord,
} from './TemplateUpgrades';
export type {
  TemplateRecord,
  TemplateRenderer,
  UpgradeConflict,
  UpgradeResult,
} from './TemplateUpgrades';
export {
  RepositoryUrlReader,
  repositoryBaseUrl,
  repositoryFileUrl,
} from './RepositoryUrlReader';
export { repositoryUrlReaderFactory } from './urlReaderFactory';
