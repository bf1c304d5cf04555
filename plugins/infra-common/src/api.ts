import { z } from 'zod';
import { ownershipSchema, workloadSchema } from './workload';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Body of `POST /api/infra/plan` and `POST /api/infra/synth`: a workload
 * spec, who owns it, and the environments to render it for.
 *
 * @public
 */
export const infraRequestSchema = z
  .object({
    workload: workloadSchema,
    ownership: ownershipSchema,
    environments: z
      .array(z.string().max(40))
      .min(1, 'must name at least one environment')
      .max(10, 'must name at most 10 environments')
      .refine(names => new Set(names).size === names.length, {
        message: 'must not repeat an environment',
      }),
  })
  .strict();

/** @public */
export type InfraRequest = z.infer<typeof infraRequestSchema>;

/**
 * Rendering a plan or Terraform for a workload. Read-only (nothing is
 * created), but it goes through the permission framework like every route.
 *
 * @public
 */
export const infraPlanPermission = createPermission({
  name: 'pave.infra.plan',
  attributes: { action: 'read' },
});

/** @public */
export const infraPermissions = [infraPlanPermission];
