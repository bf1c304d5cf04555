import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/**
 * The inputs every workload action takes (`pave:infra:synth`,
 * `pave:policy:check`), so a template passes the same values to both.
 */
export const workloadInputSchema = {
  workload: (z: Z) =>
    z.record(z.unknown()).describe('The workload spec (score.dev/v1b1)'),
  owner: (z: Z) =>
    z.string().describe('Owning group, e.g. group:default/payments'),
  costCenter: (z: Z) =>
    z.string().describe('Cost centre to charge, e.g. CC-2100'),
  system: (z: Z) =>
    z.string().optional().describe('System the service belongs to'),
  environments: (z: Z) =>
    z.array(z.string()).describe('Environments, e.g. [dev, prod]'),
};

/** The `/api/infra` request body those inputs describe. */
export function infraRequestBody(input: {
  workload: Record<string, unknown>;
  owner: string;
  costCenter: string;
  system?: string;
  environments: string[];
}) {
  const { workload, owner, costCenter, system, environments } = input;
  return {
    workload,
    ownership: { owner, costCenter, ...(system ? { system } : {}) },
    environments,
  };
}
