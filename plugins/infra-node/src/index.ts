/**
 * Pave's infra blueprint engine: workload spec + environment → CDK for
 * Terraform stack → Terraform JSON and the normalized plan. Every cdktf
 * import in Pave lives in this package. Backend plugins take the engine
 * from {@link infraServiceRef}.
 *
 * @packageDocumentation
 */
export {
  planEnvironment,
  synthesizeEnvironment,
} from './synth/synthesizeEnvironment';
export type {
  SynthesizeEnvironmentOptions,
  SynthesizedEnvironment,
} from './synth/synthesizeEnvironment';
export { EnvironmentRegistry } from './environments/EnvironmentRegistry';
export { InfraService } from './InfraService';
export type { ParsedInfraRequest, SynthesizedFiles } from './InfraService';
export { infraServiceRef } from './infraServiceRef';
