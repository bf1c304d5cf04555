/**
 * Services created from the golden templates in a real repository store,
 * for tests and benchmarks of template upgrades.
 *
 * @packageDocumentation
 */
export {
  goldenComponent,
  goldenWorkspace,
  workerRecord,
  TEAM_GIT_ENV,
} from './goldenWorkspace';
