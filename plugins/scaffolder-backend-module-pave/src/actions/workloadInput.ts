import { InputError } from '@backstage/errors';
import { workloadFromWizard } from '@pave/plugin-infra-common';
import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/**
 * The inputs every workload action takes (`pave:infra:synth`,
 * `pave:policy:check`), so a template passes the same values to both. The
 * workload is a whole Score file or the wizard's resource list.
 */
export const workloadInputSchema = {
  name: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Name of the service, e.g. refunds (required with resources; defaults to the workload metadata name)',
      ),
  workload: (z: Z) =>
    z
      .record(z.unknown())
      .optional()
      .describe('The workload spec (score.dev/v1b1)'),
  resources: (z: Z) =>
    z
      .array(
        z.object({
          name: z.string(),
          type: z.string(),
          size: z.string().optional(),
        }),
      )
      .optional()
      .describe(
        "The wizard's resource list ({name, type, size}); used instead of workload",
      ),
  owner: (z: Z) =>
    z.string().describe('Owning group, e.g. group:default/payments'),
  system: (z: Z) =>
    z.string().optional().describe('System the service belongs to'),
  dataClassification: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'The most sensitive data the service holds: public, internal, confidential or restricted (the wizard asks it; unknown is treated as confidential)',
      ),
  environments: (z: Z) =>
    z.array(z.string()).describe('Environments, e.g. [dev, prod]'),
};

/** What a template passed for the workload, whichever form it took. */
export interface WorkloadInput {
  name?: string;
  workload?: Record<string, unknown>;
  resources?: Array<{ name: string; type: string; size?: string }>;
}

/**
 * The Score workload the input describes. Shapes are checked by the
 * workload schema downstream; this only picks the form and the name.
 */
export function workloadOf(input: WorkloadInput): Record<string, unknown> {
  if (input.workload && input.resources) {
    throw new InputError(
      'workload, resources: pass either the workload spec or the resource list, not both',
    );
  }
  if (input.resources) {
    if (!input.name) {
      throw new InputError('name: required when resources are given');
    }
    return workloadFromWizard(
      input.name,
      input.resources as Parameters<typeof workloadFromWizard>[1],
    );
  }
  if (!input.workload) {
    throw new InputError('workload: pass a workload spec or resources');
  }
  return input.workload;
}

/** The `/api/infra` request body those inputs describe. */
export function infraRequestBody(
  input: WorkloadInput & {
    owner: string;
    costCenter: string;
    system?: string;
    dataClassification?: string;
    environments: string[];
  },
) {
  const { owner, costCenter, system, dataClassification, environments } = input;
  return {
    workload: workloadOf(input),
    // The infra request's schema checks the classification and names it.
    ownership: {
      owner,
      costCenter,
      ...(system ? { system } : {}),
      ...(dataClassification ? { dataClassification } : {}),
    },
    environments,
  };
}
