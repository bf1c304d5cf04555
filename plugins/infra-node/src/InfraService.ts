import {
  EnvironmentPlan,
  InfraRequest,
  infraRequestSchema,
  parseInput,
} from '@pave/plugin-infra-common';
import { EnvironmentRegistry } from './environments/EnvironmentRegistry';
import { synthesizeEnvironment } from './synth/synthesizeEnvironment';

/**
 * One environment's Terraform, keyed by the path it takes in a repository.
 *
 * @public
 */
export interface SynthesizedFiles {
  environment: string;
  plan: EnvironmentPlan;
  files: Record<string, string>;
}

/**
 * Plans and synthesizes workloads against the configured environments.
 * Input is parsed here, so every caller — router, CLI, scaffolder — gets
 * the same validation and the same errors.
 *
 * @public
 */
export class InfraService {
  constructor(private readonly environments: EnvironmentRegistry) {}

  /** Parses a request body, resolving its environment names. */
  parse(body: unknown) {
    const request: InfraRequest = parseInput(
      infraRequestSchema,
      body,
      'request',
    );
    const environments = this.environments.resolve(request.environments);
    return { request, environments };
  }

  /** The normalized plan per environment. */
  plan(body: unknown): EnvironmentPlan[] {
    return this.synthesize(body).map(s => s.plan);
  }

  /** Terraform JSON per environment, as `infra/<environment>/cdk.tf.json`. */
  synthesize(body: unknown): SynthesizedFiles[] {
    return this.render(this.parse(body));
  }

  /** Renders an already parsed request (see {@link InfraService.parse}). */
  render({
    request,
    environments,
  }: ReturnType<InfraService['parse']>): SynthesizedFiles[] {
    return environments.map(environment => {
      const result = synthesizeEnvironment({
        workload: request.workload,
        environment,
        ownership: request.ownership,
      });
      return {
        environment: environment.name,
        plan: result.plan,
        files: { [`infra/${environment.name}/cdk.tf.json`]: result.json },
      };
    });
  }
}
