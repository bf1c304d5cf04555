import { z } from 'zod';
import { RESOURCE_TYPES, ResourceType, identifierSchema } from './workload';

/**
 * One resource as the Create wizard asks for it: a name, what it is and how
 * big. The wizard, `pave:infra:synth`, `pave:policy:check` and the policy
 * API turn the list into the same Score workload with
 * {@link workloadFromWizard}.
 *
 * @public
 */
export const wizardResourceSchema = z
  .object({
    name: identifierSchema,
    type: z.enum(RESOURCE_TYPES as [ResourceType, ...ResourceType[]], {
      error: () => `must be one of ${RESOURCE_TYPES.join(', ')}`,
    }),
    size: z.enum(['small', 'medium', 'large']).default('small'),
  })
  .strict();

/** @public */
export type WizardResource = z.input<typeof wizardResourceSchema>;

/**
 * The wizard's resource list: at most 30, each name once.
 *
 * @public
 */
export const wizardResourcesSchema = z
  .array(wizardResourceSchema)
  .max(30, 'must list at most 30 resources')
  .superRefine((resources, ctx) => {
    const seen = new Set<string>();
    resources.forEach((resource, index) => {
      if (seen.has(resource.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `repeats the resource name ${resource.name}`,
        });
      }
      seen.add(resource.name);
    });
  });

/**
 * The Score workload (score.dev/v1b1) for a service the wizard describes:
 * one container built from the repository (`image: .`) and the resources.
 * Names are not checked here; the workload schema checks them.
 *
 * @public
 */
export function workloadFromWizard(
  name: string,
  resources: ReadonlyArray<WizardResource>,
) {
  return {
    apiVersion: 'score.dev/v1b1' as const,
    metadata: { name },
    containers: { main: { image: '.' } },
    resources: Object.fromEntries(
      resources.map(r => [r.name, { type: r.type, class: r.size ?? 'small' }]),
    ),
  };
}
