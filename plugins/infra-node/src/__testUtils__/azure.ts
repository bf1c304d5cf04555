import { PlanRecord, Target } from '@pave/plugin-infra-common';
import {
  SynthesizedEnvironment,
  synthesizeEnvironment,
} from '../synth/synthesizeEnvironment';
import { environmentsFor, fullWorkload, ownership } from '../testUtils';

/**
 * Shared by the Azure test files: the full workload synthesized once per
 * environment type, so each file asserts without synthesizing again.
 */

/** A synthesized Terraform block. */
export type Block = Record<string, any>;

/** The Azure branch of the target schema. */
export type AzureTarget = Extract<Target, { cloud: 'azure' }>;

/** The fixture environments on Azure (dev, preview, staging, prod). */
export const environments = environmentsFor('azure');

/** The fixture target every environment shares. */
export const azureFixtureTarget = environments[0].target as AzureTarget;

/** The synthesized stack per environment name. */
export const results = new Map<string, SynthesizedEnvironment>(
  environments.map(environment => [
    environment.name,
    synthesizeEnvironment({ workload: fullWorkload, environment, ownership }),
  ]),
);

/** An environment's resources of one Terraform type, by logical id. */
export function resources(env: string, type: string): Record<string, Block> {
  const all = results.get(env)!.terraform.resource as Record<string, any>;
  return all[type] ?? {};
}

/** The plan record at a Terraform address; fails the test when missing. */
export function record(env: string, address: string): PlanRecord {
  const found = results
    .get(env)!
    .plan.resources.find(r => r.address === address);
  expect(found).toBeDefined();
  return found!;
}
