/**
 * Pave's runtime layer, shared: deployments, their permissions and the
 * one HTTP client of the environment orchestrator.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './EnvironmentsClient';
