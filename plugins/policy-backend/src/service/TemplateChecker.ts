import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ExpiringCache } from '@pave/backend-common';
import { entityOwners } from '@pave/common';
import {
  EnvironmentPlan,
  parseDataClassification,
  workloadFromWizard,
} from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import {
  COST_CENTER_ANNOTATION,
  PolicyEvaluateRequest,
  PolicyResource,
  TemplateCheckCost,
  TemplateCheckResponse,
  templateCheckBodySchema,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { z } from 'zod';
import { CostEstimates } from './BudgetEstimates';
import { CostFacts, costFacts } from './costFacts';
import { PolicyExceptions } from './PolicyExceptions';
import { VisibleTemplates } from './VisibleTemplates';

/**
 * Plans need a cost centre for their tags. When the owner has none the plan
 * is still made with a placeholder, so the developer sees the policy finding
 * (service-cost-center-required) rather than a 400; nothing planned here is
 * ever rendered. A data classification that is missing or not one Pave
 * knows is left out: the plan then says unknown, and the guardrails judge
 * it so (required-tags, customer-managed keys as for confidential data).
 */
export function ownershipForPlan(
  owner: string,
  costCenter: string | undefined,
  system: unknown,
  dataClassification?: unknown,
) {
  const classification = parseDataClassification(dataClassification);
  return {
    owner,
    costCenter:
      costCenter && /^[A-Z]{2,4}-\d{2,6}$/.test(costCenter)
        ? costCenter
        : 'CC-0000',
    ...(typeof system === 'string' ? { system } : {}),
    ...(classification ? { dataClassification: classification } : {}),
  };
}

type TemplateCheckInput = z.output<typeof templateCheckBodySchema>;

/**
 * The gate every template run passes: the wizard while the developer types,
 * `pave:policy:check` as a task's first step, and the CLI. It looks the
 * template and the owner up in the catalog (so tags and cost centre cannot
 * be made up by the caller), plans the workload exactly as
 * `pave:infra:synth` renders it (a plan, never a synthesis: nothing is
 * rendered to Terraform here), prices the plans against the owner's
 * budgets with the cost plugin, and judges the service and every planned
 * resource with `template.run`. Without an estimate the check still
 * answers: the service lacks its cost facts (so the budget rules cannot
 * fire) and `cost.error` says why.
 */
export class TemplateChecker {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      infra: InfraService;
      engine: PolicyEngine;
      cost: CostEstimates;
      logger: LoggerService;
      /**
       * How long a template (per caller) and an owner's entity stand; 0 (the
       * default) looks both up on every check. The service name is looked
       * up on every check whatever this says.
       */
      lookupTtlMs?: number;
      /** Exceptions recorded for the service, applied when given. */
      exceptions?: PolicyExceptions;
    },
  ) {
    const ttlMs = deps.lookupTtlMs ?? 0;
    this.templates = new VisibleTemplates({ catalog: deps.catalog, ttlMs });
    this.owners = new ExpiringCache({ ttlMs });
  }

  private readonly templates: VisibleTemplates;
  private readonly owners: ExpiringCache<Entity | undefined>;

  async check(
    input: TemplateCheckInput,
    principal: PolicyEvaluateRequest['principal'],
    credentials: BackstageCredentials,
  ): Promise<TemplateCheckResponse> {
    const { catalog, auth, engine } = this.deps;
    const templateRef = this.templateRef(input.template);
    const owner = normalizeRef(input.owner, 'group', 'owner');
    const serviceRef = `component:default/${input.name}`;
    const asPolicy = await auth.getOwnServiceCredentials();
    // Whether the name is taken, asked at once (never kept) and answered
    // first: a name taken by an entity the caller cannot see is taken all
    // the same, and a developer can act on it before pressing Create.
    const existing = catalog.getEntityByRef(serviceRef, {
      credentials: asPolicy,
    });
    existing.catch(() => {}); // awaited below, after the other lookups
    // The template as the caller may see it; the owner (for its cost
    // centre, which the caller cannot make up) whoever asks.
    const [template, ownerEntity] = await Promise.all([
      this.templates.get(templateRef, credentials),
      this.owners.get(owner, () =>
        catalog.getEntityByRef(owner, { credentials: asPolicy }),
      ),
    ]);
    // The wizard's EntityPicker sends `system:default/payments-platform`.
    const system =
      input.system === undefined
        ? undefined
        : parseEntityRef(normalizeRef(input.system, 'system', 'system')).name;
    const costCenter =
      input.costCenter ??
      ownerEntity?.metadata.annotations?.[COST_CENTER_ANNOTATION];
    // Planned and priced while the name lookup is in flight.
    const priced = template
      ? this.planAndPrice(
          input,
          ownershipForPlan(owner, costCenter, system, input.dataClassification),
          input.existing ? serviceRef : undefined,
        )
      : undefined;
    priced?.catch(() => {}); // awaited below, after the name and template
    const taken = await existing;
    if (taken && !input.existing) {
      throw new ConflictError(
        `name: ${serviceRef} already exists in the catalog (owned by ${
          taken.spec?.owner ?? 'nobody'
        }); pick another name`,
      );
    }
    // A change to a service is judged only as one of its owners' change.
    if (input.existing && !taken) {
      throw new NotFoundError(
        `name: ${serviceRef} is not in the catalog; to judge it as a new service, leave out existing`,
      );
    }
    const takenBy = taken ? entityOwners(taken) : [];
    if (taken && !takenBy.includes(owner)) {
      throw new ConflictError(
        `owner: ${serviceRef} is owned by ${takenBy.join(', ')}, not ${owner}`,
      );
    }
    if (!template || !priced) {
      throw new NotFoundError(
        `template: ${templateRef} is not in the catalog, or you may not see it`,
      );
    }
    const { plans, cost, facts } = await priced;
    const tags = template.metadata.tags ?? [];
    const resources: PolicyResource[] = [
      {
        type: 'service',
        name: input.name,
        owner,
        template: template.metadata.name,
        ...(system ? { system } : {}),
        ...(costCenter ? { costCenter } : {}),
        ...facts,
      },
      ...plans.flatMap(plan =>
        plan.resources.map(record => ({
          type: 'infra-resource' as const,
          ...record,
        })),
      ),
    ];
    const judged = engine.evaluate({
      principal,
      action: 'template.run',
      resources,
      context: { template: template.metadata.name, templateTags: tags },
    });
    // Exceptions recorded for the component the run replaces; a new name's
    // leftovers (a deleted component's) never carry over to a new service.
    const exceptions = input.existing ? this.deps.exceptions : undefined;
    const active = exceptions ? await exceptions.active(serviceRef) : [];
    const verdict =
      exceptions && active.length > 0
        ? exceptions.apply(judged, active, v => {
            const resource = resources[v.resourceIndex];
            return resource?.type === 'infra-resource'
              ? resource.environment
              : undefined;
          })
        : judged;
    return {
      ...verdict,
      template: { ref: stringifyEntityRef(template), tags },
      ...(costCenter ? { costCenter } : {}),
      plans,
      cost,
    };
  }

  /**
   * The workload planned exactly as `pave:infra:synth` renders it (records
   * only, nothing rendered to Terraform), priced against the owner's budgets.
   */
  private async planAndPrice(
    input: TemplateCheckInput,
    ownership: ReturnType<typeof ownershipForPlan>,
    /** The existing component whose estimate the plans replace. */
    replaces: string | undefined,
  ): Promise<{
    plans: EnvironmentPlan[];
    cost: TemplateCheckCost;
    facts?: CostFacts;
  }> {
    const workload = input.resources
      ? workloadFromWizard(input.name, input.resources)
      : {
          ...input.workload,
          metadata: { ...metadataOf(input.workload), name: input.name },
        };
    const plans = this.deps.infra.plan({
      workload,
      ownership,
      environments: input.environments,
    });
    return {
      plans,
      ...(await this.estimate(plans, ownership.owner, replaces)),
    };
  }

  /** The estimate and its facts, or why there are none. */
  private async estimate(
    plans: EnvironmentPlan[],
    owner: string,
    replaces: string | undefined,
  ): Promise<{ cost: TemplateCheckCost; facts?: CostFacts }> {
    try {
      const estimate = await this.deps.cost.estimate({
        plans,
        owner,
        ...(replaces ? { replaces } : {}),
      });
      return { cost: { estimate }, facts: costFacts(estimate) };
    } catch (error) {
      const { message } = error as Error;
      // The budget rules are off for this check; whoever runs Pave should know.
      this.deps.logger.warn(
        `Template check without budget facts for ${owner}: ${message}`,
      );
      return { cost: { error: message } };
    }
  }

  private templateRef(template: string) {
    return normalizeRef(template, 'template', 'template');
  }
}

function metadataOf(workload: Record<string, unknown> | undefined) {
  const metadata = workload?.metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata : {};
}

/** `payments` → `group:default/payments`; a bad ref is a 400 naming the field. */
export function normalizeRef(ref: string, kind: string, field: string) {
  try {
    const parsed = parseEntityRef(ref, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
      throw new Error(`must be a ${kind}`);
    }
    return stringifyEntityRef(parsed);
  } catch (error) {
    throw new InputError(
      `${field}: ${JSON.stringify(ref)} is not a ${kind} entity ref (${
        (error as Error).message
      })`,
    );
  }
}
