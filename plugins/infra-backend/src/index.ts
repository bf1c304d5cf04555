/**
 * Pave's infra plugin: plan and synthesize a workload's infrastructure.
 *
 * @packageDocumentation
 */
export { infraPlugin as default } from './plugin';
