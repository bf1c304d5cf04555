import { Config } from '@backstage/config';
import {
  Environment,
  EnvironmentPlan,
  InfraRequest,
  infraRequestSchema,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import { EnvironmentRegistry } from './environments/EnvironmentRegistry';
import {
  planEnvironment,
  synthesizeEnvironment,
} from './synth/synthesizeEnvironment';

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
 * A request body parsed and its environment names resolved.
 *
 * @public
 */
export interface ParsedInfraRequest {
  request: InfraRequest;
  environments: Environment[];
}

/**
 * Plans and synthesizes workloads against the configured environments.
 * Input is parsed here, so every caller — router, CLI, scaffolder — gets
 * the same validation and the same errors. A plan never synthesizes
 * Terraform; only {@link InfraService.synthesize} does, for the files.
 *
 * @public
 */
export class InfraService {
  /** The service over the environments configured under `pave.infra`. */
  static fromConfig(config: Config): InfraService {
    return new InfraService(EnvironmentRegistry.fromConfig(config));
  }

  constructor(private readonly environments: EnvironmentRegistry) {}

  /** Names of the configured (long-lived) environments. */
  environmentNames(): string[] {
    return this.environments.names();
  }

  /**
   * The type of a configured environment (or a `preview-<id>`); throws an
   * `InputError` naming the known ones for any other name.
   */
  environmentType(name: string): Environment['type'] {
    return this.environments.resolve([name])[0].type;
  }

  /** Parses a request body, resolving its environment names. */
  parse(body: unknown): ParsedInfraRequest {
    const request: InfraRequest = parseInput(
      infraRequestSchema,
      body,
      'request',
    );
    const environments = this.environments.resolve(request.environments);
    return { request, environments };
  }

  /** The normalized plan per environment, without synthesizing Terraform. */
  plan(body: unknown): EnvironmentPlan[] {
    return this.planRequest(this.parse(body));
  }

  /** Plans an already parsed request (see {@link InfraService.parse}). */
  planRequest({ request, environments }: ParsedInfraRequest) {
    return environments.map(environment =>
      planEnvironment({
        workload: request.workload,
        environment,
        ownership: request.ownership,
      }),
    );
  }

  /**
   * Terraform JSON and the workload's Kubernetes objects per environment,
   * as `infra/<environment>/cdk.tf.json` and `infra/<environment>/manifests.yaml`.
   */
  synthesize(body: unknown): SynthesizedFiles[] {
    return this.synthesizeRequest(this.parse(body));
  }

  /** Synthesizes an already parsed request (see {@link InfraService.parse}). */
  synthesizeRequest({
    request,
    environments,
  }: ParsedInfraRequest): SynthesizedFiles[] {
    return environments.map(environment => {
      const result = synthesizeEnvironment({
        workload: request.workload,
        environment,
        ownership: request.ownership,
      });
      return {
        environment: environment.name,
        plan: result.plan,
        files: {
          [`infra/${environment.name}/cdk.tf.json`]: result.json,
          [`infra/${environment.name}/manifests.yaml`]: result.manifests(),
        },
      };
    });
  }
}
