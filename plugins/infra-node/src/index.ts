/**
 * Pave's infra blueprint engine: workload spec + environment → CDK for
 * Terraform stack → Terraform JSON and the normalized plan. Every cdktf
 * import in Pave lives in this package.
 *
 * @packageDocumentation
 */
export { synthesizeEnvironment } from './synth/synthesizeEnvironment';
export type {
  SynthesizeEnvironmentOptions,
  SynthesizedEnvironment,
} from './synth/synthesizeEnvironment';
export { EnvironmentRegistry } from './environments/EnvironmentRegistry';
export { InfraService } from './InfraService';
export type { SynthesizedFiles } from './InfraService';
