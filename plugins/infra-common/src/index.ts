/**
 * Shared schemas and types of Pave's infra blueprint engine: the workload
 * spec (Score), environments and the normalized plan.
 *
 * @packageDocumentation
 */
export * from './workload';
export * from './environment';
export * from './dataClassification';
export * from './plan';
export * from './validation';
export * from './api';
export * from './wizard';
export * from './InfraClient';
export * from './score';
export * from './resourceOutputs';
export * from './workloadPlaceholders';
