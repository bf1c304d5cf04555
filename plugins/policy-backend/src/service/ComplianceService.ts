import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { entityOwners } from '@pave/common';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATA_CLASSIFICATION_ANNOTATION,
  EnvironmentResources,
  wizardResourcesByEnvironment,
  workloadFromWizard,
} from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import {
  COST_CENTER_ANNOTATION,
  EntityComplianceResponse,
  EnvironmentCompliance,
  PolicyEvaluateRequest,
  PolicyEvaluateResponse,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { PolicyExceptions } from './PolicyExceptions';
import { ownershipForPlan } from './TemplateChecker';

/**
 * The user id a compliance verdict is judged as: a member of the owning
 * teams and nothing else, so the verdict is the same whoever looks at it.
 */
const TEAM_MEMBER = 'user:pave/owning-team-member';

/**
 * The current verdict for a catalog entity: the service as registered
 * (`service.register`) and, per environment, the infrastructure its catalog
 * Resources describe (`infra.provision`), planned by the same engine that
 * renders it. Resources say what they are with the `pave.dev/*` annotations
 * golden templates write (`PAVE_RESOURCE_ANNOTATIONS`).
 */
export class ComplianceService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      infra: InfraService;
      engine: PolicyEngine;
      /** Applied to every verdict when given (see PolicyExceptions.apply). */
      exceptions?: PolicyExceptions;
    },
  ) {}

  async evaluate(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityComplianceResponse> {
    const { catalog, engine } = this.deps;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `${entityRef} is not in the catalog, or you may not see it`,
      );
    }
    const ref = stringifyEntityRef(entity);
    const owners = entityOwners(entity);
    const owner = owners[0];
    const resourceRefs = (entity.relations ?? [])
      .filter(r => r.type === RELATION_DEPENDS_ON)
      .map(r => r.targetRef)
      .filter(target => target.startsWith('resource:'));
    // The owner (for its cost centre) and the Resources in one round trip.
    const {
      items: [ownerEntity, ...items],
    } = await catalog.getEntitiesByRefs(
      { entityRefs: [owner ?? entityRef, ...resourceRefs] },
      { credentials },
    );
    const exceptions = this.deps.exceptions;
    const active = exceptions ? await exceptions.active(ref) : [];
    const excuse = (
      verdict: PolicyEvaluateResponse,
      environment: string | undefined,
    ) =>
      exceptions && active.length > 0
        ? exceptions.apply(verdict, active, () => environment)
        : verdict;
    const [judged] = this.judge(
      entity,
      ownerEntity,
      items.filter((e): e is Entity => Boolean(e)),
      [engine],
    );
    return {
      entityRef: ref,
      owners,
      service: excuse(judged.service, undefined),
      environments: judged.environments.map(row =>
        row.verdict
          ? { ...row, verdict: excuse(row.verdict, row.environment) }
          : row,
      ),
      exceptions: active,
      evaluatedAt: new Date().toISOString(),
    };
  }

  /**
   * The verdicts on an entity, its owner and its Resources, by each of
   * `engines` (the what-if judges with the set in force and a draft): each
   * environment is planned once and judged by all of them.
   */
  judge(
    entity: Entity,
    ownerEntity: Entity | undefined,
    resources: Entity[],
    engines: PolicyEngine[],
  ): Array<Pick<EntityComplianceResponse, 'service' | 'environments'>> {
    const owners = entityOwners(entity);
    const owner = owners[0];
    const costCenter = owner
      ? ownerEntity?.metadata.annotations?.[COST_CENTER_ANNOTATION]
      : undefined;
    const principal: PolicyEvaluateRequest['principal'] = {
      userEntityRef: TEAM_MEMBER,
      groups: owners.filter(o => o.startsWith('group:')),
    };
    const system = entity.spec?.system;
    const register: PolicyEvaluateRequest = {
      principal,
      action: 'service.register',
      resources: [
        {
          type: 'service',
          name: entity.metadata.name,
          owner: owner ?? '',
          ...(typeof system === 'string' ? { system } : {}),
          ...(costCenter ? { costCenter } : {}),
        },
      ],
    };
    const planned = wizardResourcesByEnvironment(resources).map(group =>
      this.planEnvironment({
        entity,
        group,
        principal,
        owner: owner ?? '',
        costCenter,
      }),
    );
    return engines.map(engine => ({
      service: engine.evaluate(register),
      environments: planned.map(({ request, ...row }) =>
        request ? { ...row, verdict: engine.evaluate(request) } : row,
      ),
    }));
  }

  private planEnvironment(options: {
    entity: Entity;
    group: EnvironmentResources<Entity>;
    principal: PolicyEvaluateRequest['principal'];
    owner: string;
    costCenter?: string;
  }): EnvironmentCompliance & { request?: PolicyEvaluateRequest } {
    const { entity, group, principal, owner, costCenter } = options;
    const { environment } = group;
    const refs = group.resources.map(r => stringifyEntityRef(r));
    if ('error' in group) {
      return {
        environment,
        resources: refs,
        error: `${stringifyEntityRef(group.error.resource)}: ${
          group.error.message
        }`,
      };
    }
    const wizard = group.wizard;
    try {
      const [plan] = this.deps.infra.plan({
        workload: workloadFromWizard(entity.metadata.name, wizard),
        ownership: ownershipForPlan(
          owner,
          costCenter,
          entity.spec?.system,
          entity.metadata.annotations?.[DATA_CLASSIFICATION_ANNOTATION],
        ),
        environments: [environment],
      });
      return {
        environment,
        environmentType: plan.environmentType,
        resources: refs,
        request: {
          principal,
          action: 'infra.provision',
          resources: plan.resources.map(record => ({
            type: 'infra-resource' as const,
            ...record,
          })),
          context: { environment, environmentType: plan.environmentType },
        },
      };
    } catch (error) {
      // An unknown environment or a name the engine refuses is the entity's
      // problem to show, not a failed request.
      return { environment, resources: refs, error: (error as Error).message };
    }
  }
}
