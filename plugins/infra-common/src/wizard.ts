import { z } from 'zod';
import { describeIssues } from '@pave/common';
import { RESOURCE_TYPES, identifierSchema } from './workload';

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
    type: z.enum(RESOURCE_TYPES, {
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
 * What a golden-path container asks for until its team measures better: a
 * quarter of a core and 256 MiB guaranteed, memory capped at twice that (no
 * CPU limit, so a busy pod is slowed by its neighbours, never throttled
 * idle). The cost estimate prices the requests.
 *
 * @public
 */
export const GOLDEN_CONTAINER_RESOURCES = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { memory: '512Mi' },
} as const;

/**
 * The Score workload (score.dev/v1b1) for a service the wizard describes:
 * one container built from the repository (`image: .`) with the golden
 * path's resource requests, and the resources. Names are not checked here;
 * the workload schema checks them.
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
    containers: {
      main: {
        image: '.',
        resources: {
          requests: { ...GOLDEN_CONTAINER_RESOURCES.requests },
          limits: { ...GOLDEN_CONTAINER_RESOURCES.limits },
        },
      },
    },
    resources: Object.fromEntries(
      resources.map(r => [r.name, { type: r.type, class: r.size ?? 'small' }]),
    ),
  };
}

/**
 * Annotations on a catalog `Resource` saying what it is in Pave's workload
 * model; golden templates write them, the Compliance and Cost tabs read
 * them.
 *
 * @public
 */
export const PAVE_RESOURCE_ANNOTATIONS = {
  environment: 'pave.dev/environment',
  resourceType: 'pave.dev/resource-type',
  size: 'pave.dev/size',
  workloadResource: 'pave.dev/workload-resource',
} as const;

/**
 * What {@link wizardResourcesByEnvironment} reads of a catalog Resource.
 *
 * @public
 */
export interface AnnotatedResource {
  metadata: { name: string; annotations?: Record<string, string> };
}

/**
 * One environment's catalog Resources read back as the wizard's resource
 * list, or the first Resource whose annotations do not describe one.
 *
 * @public
 */
export type EnvironmentResources<T extends AnnotatedResource> = {
  environment: string;
  resources: T[];
} & (
  | { wizard: z.output<typeof wizardResourceSchema>[] }
  | { error: { resource: T; message: string } }
);

/**
 * Groups a component's catalog Resources by their `pave.dev/environment`
 * annotation (Resources without one are not Pave's and are skipped) and
 * reads each group back as the wizard's resource list, so the component
 * can be planned as it was created. Environments are sorted by name.
 *
 * @public
 */
export function wizardResourcesByEnvironment<T extends AnnotatedResource>(
  resources: ReadonlyArray<T | undefined>,
): EnvironmentResources<T>[] {
  const byEnvironment = new Map<string, T[]>();
  for (const resource of resources) {
    const environment =
      resource?.metadata.annotations?.[PAVE_RESOURCE_ANNOTATIONS.environment];
    if (resource && environment) {
      byEnvironment.set(environment, [
        ...(byEnvironment.get(environment) ?? []),
        resource,
      ]);
    }
  }
  return [...byEnvironment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, group]) => {
      const wizard = [];
      for (const resource of group) {
        const annotations = resource.metadata.annotations ?? {};
        const parsed = wizardResourceSchema.safeParse({
          name:
            annotations[PAVE_RESOURCE_ANNOTATIONS.workloadResource] ??
            resource.metadata.name,
          type: annotations[PAVE_RESOURCE_ANNOTATIONS.resourceType],
          size: annotations[PAVE_RESOURCE_ANNOTATIONS.size] ?? 'small',
        });
        if (!parsed.success) {
          return {
            environment,
            resources: group,
            error: { resource, message: describeIssues(parsed.error) },
          };
        }
        wizard.push(parsed.data);
      }
      return { environment, resources: group, wizard };
    });
}
