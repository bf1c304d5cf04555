import { z } from 'zod';
import {
  EnvironmentType,
  environmentTypeSchema,
  planRecordSchema,
} from '@pave/plugin-infra-common';

/**
 * What the caller is about to do. Each action applies to some resource types
 * only (see {@link POLICY_ACTION_RESOURCE_TYPES}); the Cedar schema declares
 * the same pairs.
 *
 * @public
 */
export const POLICY_ACTIONS = [
  'infra.provision',
  'template.run',
  'service.register',
  'template.read',
  'template.section.read',
  'task.create',
  'action.execute',
  'environment.deploy',
  'environment.destroy',
  'environment.extend',
  'exception.grant',
] as const;

/** @public */
export const policyActionSchema = z.enum(POLICY_ACTIONS, {
  error: issue =>
    `unknown action ${JSON.stringify(
      issue.input,
    )}; must be one of ${POLICY_ACTIONS.join(', ')}`,
});

/** @public */
export type PolicyAction = z.infer<typeof policyActionSchema>;

/** Entity refs as Backstage writes them: `kind:namespace/name`. */
const entityRef = (kind: string) =>
  z
    .string()
    .max(200, 'must be at most 200 characters')
    .regex(
      new RegExp(`^${kind}:[a-z0-9][\\w.-]*/[\\w.@-]+$`, 'i'),
      `must be an entity ref such as ${kind}:default/name`,
    );

/**
 * Who asks: the user and the groups they belong to (their ownership refs).
 *
 * @public
 */
export const policyPrincipalSchema = z
  .object({
    userEntityRef: entityRef('user'),
    groups: z.array(entityRef('group')).max(100, 'must be at most 100 groups'),
  })
  .strict();

/** @public */
export type PolicyPrincipal = z.infer<typeof policyPrincipalSchema>;

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);

/**
 * One record of the normalized infra plan (`PlanRecord` from
 * `@pave/plugin-infra-common`), tagged `infra-resource`.
 *
 * @public
 */
export const infraResourceFactsSchema = planRecordSchema.extend({
  type: z.literal('infra-resource'),
});

/** @public */
export type InfraResourceFacts = z.infer<typeof infraResourceFactsSchema>;

/** Whole cents; Cedar has no decimals, so money is a `Long` of cents. */
const cents = z.number().int('must be a whole number of cents');
const costCents = cents.min(0, 'must not be negative');

/** Cents per environment type; a type left out has no figure (not zero). */
const centsByEnvironmentType = (value: typeof cents) =>
  z
    .object({
      dev: value.optional(),
      preview: value.optional(),
      staging: value.optional(),
      prod: value.optional(),
    } satisfies Record<EnvironmentType, unknown>)
    .strict();

/**
 * A service as the catalog will know it. Optional fields are optional here
 * on purpose: whether they are required is the policies' call, so a missing
 * system is a violation naming the rule, not a 400.
 *
 * The cost fields come from the cost plugin's estimate of the planned
 * infrastructure, held against the owning team's monthly budgets
 * (`pave.dev/monthly-budget-usd[.<type>]` on its Group). All are cents. A
 * budget figure is absent when the team has no such budget, never zero.
 *
 * @public
 */
export const serviceFactsSchema = z
  .object({
    type: z.literal('service'),
    name: text(100),
    owner: text(200),
    system: text(100).optional(),
    costCenter: text(50).optional(),
    /** The golden template it is created from. */
    template: text(100).optional(),
    /** Estimated monthly cost of all its environments (a floor when some record is unpriced). */
    estimatedMonthlyCents: costCents.optional(),
    /** The same estimate per environment type it is planned in. */
    estimatedByEnvironmentTypeCents:
      centsByEnvironmentType(costCents).optional(),
    /** The owning team's monthly budget. */
    budgetMonthlyCents: costCents.optional(),
    /** What is left of it before this service: budget − what the team already owns; negative when over. */
    budgetRemainingCents: cents.optional(),
    /** What is left of each environment type's budget before this service, for the types with one. */
    budgetRemainingByEnvironmentTypeCents:
      centsByEnvironmentType(cents).optional(),
  })
  .strict();

/** @public */
export type ServiceFacts = z.infer<typeof serviceFactsSchema>;

/**
 * A golden template as the catalog holds it: who may see and run it
 * (`template.read`), judged by the permission policy.
 *
 * @public
 */
export const templateFactsSchema = z
  .object({
    type: z.literal('template'),
    /** `template:<namespace>/<name>`. */
    ref: entityRef('template'),
    name: text(100),
    namespace: text(100),
    owner: text(200),
    /** `spec.type`: service, website, … */
    templateType: text(50).optional(),
    lifecycle: text(50).optional(),
    tags: z.array(text(63)).max(50),
  })
  .strict();

/** @public */
export type TemplateFacts = z.infer<typeof templateFactsSchema>;

/**
 * A parameter or step of a template, by its `backstage:permissions.tags`:
 * whether the wizard shows it and the task runs it (`template.section.read`).
 *
 * @public
 */
export const templateSectionFactsSchema = z
  .object({
    type: z.literal('template-section'),
    tags: z.array(text(63)).max(50),
  })
  .strict();

/** @public */
export type TemplateSectionFacts = z.infer<typeof templateSectionFactsSchema>;

/**
 * A scaffolder action a task step runs, e.g. `publish:github`
 * (`action.execute`).
 *
 * @public
 */
export const scaffolderActionFactsSchema = z
  .object({
    type: z.literal('scaffolder-action'),
    id: text(100),
  })
  .strict();

/** @public */
export type ScaffolderActionFacts = z.infer<typeof scaffolderActionFactsSchema>;

/**
 * The scaffolder itself, for `task.create`: may this person start tasks at all.
 *
 * @public
 */
export const scaffolderFactsSchema = z
  .object({ type: z.literal('scaffolder') })
  .strict();

/**
 * A component in one environment, for `environment.deploy`, `.destroy`
 * and `.extend`: who owns it (groups and people, as the catalog's one
 * ownership rule reads them) and whether it is a preview. A preview's
 * deploy also carries its cloud-equivalent monthly estimate and what is
 * left of its team's preview budget (`pave.dev/preview-budget-usd` on the
 * Group, less the team's other running previews), when both are known.
 *
 * @public
 */
export const deploymentFactsSchema = z
  .object({
    type: z.literal('deployment'),
    component: entityRef('component'),
    environment: text(64),
    preview: z.boolean(),
    ownerGroups: z.array(entityRef('group')).max(50),
    ownerUsers: z.array(entityRef('user')).max(50),
    estimatedMonthlyCents: cents.min(0).optional(),
    previewBudgetRemainingCents: cents.optional(),
  })
  .strict();

/** @public */
export type DeploymentFacts = z.infer<typeof deploymentFactsSchema>;

/**
 * An exception someone asks to record, for `exception.grant`: the rule it
 * lets pass (its id and how it is enforced), for which entity (and
 * environment, when it names one), by its owners, for how many days.
 *
 * @public
 */
export const policyExceptionFactsSchema = z
  .object({
    type: z.literal('policy-exception'),
    policyId: text(100),
    enforcement: z.enum(['advisory', 'soft-mandatory', 'hard-mandatory']),
    entity: text(200),
    environment: text(64).optional(),
    environmentType: environmentTypeSchema.optional(),
    ownerGroups: z.array(entityRef('group')).max(50),
    ownerUsers: z.array(entityRef('user')).max(50),
    durationDays: z.number().int().min(0).max(3660),
  })
  .strict();

/** @public */
export type PolicyExceptionFacts = z.infer<typeof policyExceptionFactsSchema>;

/** @public */
export const policyResourceSchema = z.discriminatedUnion('type', [
  infraResourceFactsSchema,
  serviceFactsSchema,
  templateFactsSchema,
  templateSectionFactsSchema,
  scaffolderActionFactsSchema,
  scaffolderFactsSchema,
  deploymentFactsSchema,
  policyExceptionFactsSchema,
]);

/** @public */
export type PolicyResource = z.infer<typeof policyResourceSchema>;

/**
 * Which resource types each action judges; mirrors `appliesTo` in
 * `policies/schema.cedarschema`.
 *
 * @public
 */
export const POLICY_ACTION_RESOURCE_TYPES: Record<
  PolicyAction,
  PolicyResource['type'][]
> = {
  'infra.provision': ['infra-resource'],
  'template.run': ['service', 'infra-resource'],
  'service.register': ['service'],
  'template.read': ['template'],
  'template.section.read': ['template-section'],
  'task.create': ['scaffolder'],
  'action.execute': ['scaffolder-action'],
  'environment.deploy': ['deployment'],
  'environment.destroy': ['deployment'],
  'environment.extend': ['deployment'],
  'exception.grant': ['policy-exception'],
};

/**
 * Facts about the request as a whole rather than one resource.
 *
 * @public
 */
export const policyContextSchema = z
  .object({
    environment: text(50).optional(),
    environmentType: environmentTypeSchema.optional(),
    /** The golden template being run. */
    template: text(100).optional(),
    /** Its tags (`experimental`, `recommended`, …). */
    templateTags: z.array(text(50)).max(20).optional(),
  })
  .strict();

/** @public */
export type PolicyContext = z.infer<typeof policyContextSchema>;

const policyResourcesSchema = z
  .array(policyResourceSchema)
  .min(1, 'must list at least one resource')
  .max(1000, 'must list at most 1000 resources');

/** Each action judges only some resource types; name the ones that do not fit. */
function checkResourceTypes(
  request: { action: PolicyAction; resources: PolicyResource[] },
  ctx: z.RefinementCtx,
) {
  const allowed = POLICY_ACTION_RESOURCE_TYPES[request.action];
  request.resources.forEach((resource, index) => {
    if (!allowed.includes(resource.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resources', index, 'type'],
        message: `${resource.type} is not judged by ${
          request.action
        }; it takes ${allowed.join(' or ')}`,
      });
    }
  });
}

/**
 * A complete evaluation request, as the engine judges it: who wants to do
 * what to which resources. Each resource is judged on its own.
 *
 * @public
 */
export const policyEvaluateRequestSchema = z
  .object({
    principal: policyPrincipalSchema,
    action: policyActionSchema,
    resources: policyResourcesSchema,
    context: policyContextSchema.optional(),
  })
  .strict()
  .superRefine(checkResourceTypes);

/** @public */
export type PolicyEvaluateRequest = z.infer<typeof policyEvaluateRequestSchema>;

/**
 * Body of `POST /api/policy/evaluate`. The principal is optional because a
 * user's comes from their identity; service callers (the CLI) must send one,
 * and a user who sends one must send their own.
 *
 * @public
 */
export const policyEvaluateBodySchema = z
  .object({
    principal: policyPrincipalSchema.optional(),
    action: policyActionSchema,
    resources: policyResourcesSchema,
    context: policyContextSchema.optional(),
  })
  .strict()
  .superRefine(checkResourceTypes);

/** @public */
export type PolicyEvaluateBody = z.infer<typeof policyEvaluateBodySchema>;
