import { z } from 'zod';
import {
  COST_CENTER_ANNOTATION as OWNER_COST_CENTER_ANNOTATION,
  entityRefText,
} from '@pave/common';
import { CostEstimateWithBudget } from '@pave/plugin-cost-common';
import {
  EnvironmentPlan,
  EnvironmentType,
  PAVE_RESOURCE_ANNOTATIONS as INFRA_RESOURCE_ANNOTATIONS,
  dataClassificationSchema,
  identifierSchema,
  wizardResourcesSchema,
} from '@pave/plugin-infra-common';
import { policyPrincipalSchema } from './request';
import { PolicyEvaluateResponse } from './response';
import type { PolicyException } from './exceptions';

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);

/**
 * Body of `POST /api/policy/template-check`: what a template run is about to
 * create. The wizard's live verdict, `pave:policy:check` and the CLI all send
 * this, so all three get the same verdict. The workload is either the
 * wizard's resource list or a whole Score file, never both.
 *
 * @public
 */
export const templateCheckBodySchema = z
  .object({
    /** Service callers only; a user is judged as themselves. */
    principal: policyPrincipalSchema.optional(),
    /** The template being run: `template:default/node-http-service` or its name. */
    template: entityRefText('template'),
    name: identifierSchema,
    owner: entityRefText('group'),
    system: entityRefText('system').optional(),
    /** Defaults to the owning group's `pave.dev/cost-center` annotation. */
    costCenter: text(50).optional(),
    /**
     * The wizard's Data classification: a tag on every planned resource,
     * and what decides customer-managed keys. Unknown when left out.
     */
    dataClassification: dataClassificationSchema.optional(),
    resources: wizardResourcesSchema.optional(),
    workload: z.record(z.string(), z.unknown()).optional(),
    environments: z
      .array(text(40))
      .min(1, 'must name at least one environment')
      .max(10, 'must name at most 10 environments'),
    /**
     * Judge a change to the existing service of this name (CI on its
     * repository) instead of a new one: the name must then be a component
     * the owner owns, and the plans' estimate replaces its current one in
     * the team's budget instead of adding to it.
     */
    existing: z.boolean().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.resources && body.workload) {
      ctx.addIssue({
        code: 'custom',
        path: ['workload'],
        message:
          'send either resources (the wizard list) or workload, not both',
      });
    }
  });

/** @public */
export type TemplateCheckBody = z.input<typeof templateCheckBodySchema>;

/**
 * Answer of `POST /api/policy/template-check`: the verdict on the service and
 * every planned resource (`template.run`), and what was judged.
 *
 * @public
 */
export interface TemplateCheckResponse extends PolicyEvaluateResponse {
  template: { ref: string; tags: string[] };
  /** The cost centre judged: the request's, or the owner's annotation. */
  costCenter?: string;
  /**
   * What was judged, per environment: the engine's normalized plan, the
   * same a later synthesis renders (so a task passes it on instead of
   * planning again).
   */
  plans: EnvironmentPlan[];
  /** What the plans cost against the owner's budgets, as the budget rules judged it. */
  cost?: TemplateCheckCost;
}

/**
 * The cost plugin's estimate of a template run's plans, held against the
 * owning team's budgets. Without it (the cost plugin failed or is not
 * installed) the verdict still stands, only the budget rules had no facts.
 *
 * @public
 */
export interface TemplateCheckCost {
  /** The answer of `POST /api/cost/estimate` with the owner. */
  estimate?: CostEstimateWithBudget;
  /** Why there is no estimate. */
  error?: string;
}

/**
 * The verdict for one environment of an entity's workload.
 *
 * @public
 */
export interface EnvironmentCompliance {
  environment: string;
  environmentType?: EnvironmentType;
  /** The catalog Resources deployed there (`resource:default/orders-db-prod`). */
  resources: string[];
  /** `infra.provision` of the planned resources, judged as the owning team. */
  verdict?: PolicyEvaluateResponse;
  /** Why it could not be judged (unknown environment, invalid resource). */
  error?: string;
}

/**
 * Answer of `GET /api/policy/compliance/:kind/:namespace/:name`.
 *
 * @public
 */
export interface EntityComplianceResponse {
  entityRef: string;
  /** Every owner (`entityOwners` of `@pave/common`); judged as their member. */
  owners: string[];
  /** `service.register` on the entity as the catalog holds it. */
  service: PolicyEvaluateResponse;
  environments: EnvironmentCompliance[];
  /**
   * The exceptions in force for the entity; the verdicts above list what
   * they let pass under `excepted`.
   */
  exceptions?: PolicyException[];
  /**
   * Whether the person asking may record an exception for this entity (a
   * soft-mandatory rule, for a day); absent for service callers.
   */
  canRecordExceptions?: boolean;
  evaluatedAt: string;
}

/**
 * Annotations on a catalog `Resource` saying what it is in Pave's workload
 * model (defined with the wizard's resource list in infra-common).
 *
 * @public
 */
export const PAVE_RESOURCE_ANNOTATIONS = INFRA_RESOURCE_ANNOTATIONS;

/**
 * The group annotation holding a team's cost centre (defined once in
 * `@pave/common`).
 *
 * @public
 */
export const COST_CENTER_ANNOTATION = OWNER_COST_CENTER_ANNOTATION;
