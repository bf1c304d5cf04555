import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
} from '@pave/common';
import { z } from 'zod';
import { infraRequestSchema } from './api';
import { EnvironmentPlan } from './plan';

/**
 * The body of `POST /api/infra/plan` and `/synth`.
 *
 * @public
 */
export type InfraRequestBody = z.input<typeof infraRequestSchema>;

/**
 * One environment's Terraform, keyed by the path it takes in a repository
 * (`infra/<environment>/cdk.tf.json`), with its plan.
 *
 * @public
 */
export interface SynthesizedEnvironmentFiles {
  environment: string;
  plan: EnvironmentPlan;
  files: Record<string, string>;
}

/**
 * The infra plugin (`/api/infra`) as the portal and the CLI call it
 * (backend plugins use `infraServiceRef`, the engine itself). Every method
 * rejects with a `ResponseError` from `@backstage/errors` when the server
 * refuses; `body.error.message` names the field and the rule.
 *
 * @public
 */
export interface InfraApi {
  /** `POST /plan`: the normalized plan per environment; nothing is synthesized. */
  plan(
    body: InfraRequestBody,
    options?: PaveRequestOptions,
  ): Promise<{ environments: EnvironmentPlan[] }>;
  /** `POST /synth`: the Terraform JSON per environment, with its plan. */
  synth(
    body: InfraRequestBody,
    options?: PaveRequestOptions,
  ): Promise<{ environments: SynthesizedEnvironmentFiles[] }>;
}

/**
 * {@link InfraApi} over HTTP.
 *
 * @public
 */
export class InfraClient implements InfraApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('infra', options);
  }

  plan(body: InfraRequestBody, options?: PaveRequestOptions) {
    return this.http.json<{ environments: EnvironmentPlan[] }>(
      { path: '/plan', body },
      options,
    );
  }

  synth(body: InfraRequestBody, options?: PaveRequestOptions) {
    return this.http.json<{ environments: SynthesizedEnvironmentFiles[] }>(
      { path: '/synth', body },
      options,
    );
  }
}
