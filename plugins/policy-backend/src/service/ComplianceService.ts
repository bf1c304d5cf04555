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
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
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
    const costCenter = owner
      ? ownerEntity?.metadata.annotations?.[COST_CENTER_ANNOTATION]
      : undefined;
    const principal: PolicyEvaluateRequest['principal'] = {
      userEntityRef: TEAM_MEMBER,
      groups: owners.filter(o => o.startsWith('group:')),
    };
    const system = entity.spec?.system;
    const service = engine.evaluate({
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
    });

    const environments = wizardResourcesByEnvironment(
      items.filter((e): e is Entity => Boolean(e)),
    ).map(group =>
      this.judgeEnvironment({
        entity,
        group,
        principal,
        owner: owner ?? '',
        costCenter,
      }),
    );
    return {
      entityRef: ref,
      owners,
      service,
      environments,
      evaluatedAt: new Date().toISOString(),
    };
  }

  private judgeEnvironment(options: {
    entity: Entity;
    group: EnvironmentResources<Entity>;
    principal: PolicyEvaluateRequest['principal'];
    owner: string;
    costCenter?: string;
  }): EnvironmentCompliance {
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
      const verdict = this.deps.engine.evaluate({
        principal,
        action: 'infra.provision',
        resources: plan.resources.map(record => ({
          type: 'infra-resource' as const,
          ...record,
        })),
        context: { environment, environmentType: plan.environmentType },
      });
      return {
        environment,
        environmentType: plan.environmentType,
        resources: refs,
        verdict,
      };
    } catch (error) {
      // An unknown environment or a name the engine refuses is the entity's
      // problem to show, not a failed request.
      return { environment, resources: refs, error: (error as Error).message };
    }
  }
}
