/**
 * Landing zones, workloads, plans and configuration for the tests and
 * benchmarks of code that plans, judges or prices infrastructure.
 *
 * @packageDocumentation
 */
export {
  TEST_TARGETS,
  environmentsFor,
  fullWorkload,
  ownership,
  testEnvironment,
  testEnvironmentPlan,
  testInfraConfig,
} from './fixtures';
