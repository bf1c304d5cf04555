/**
 * Golden services in a real repository store, for tests of upgrades
 * here and where plugins are composed (packages/backend).
 *
 * @packageDocumentation
 */
export { goldenWorkspace, workerRecord, TEAM_GIT_ENV } from './goldenWorkspace';
