import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EnvironmentPlan,
  wizardResourcesByEnvironment,
  workloadFromWizard,
} from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostEstimator } from '@pave/plugin-cost-node';
import { primaryOwner } from '@pave/common';

/** Resource refs per catalog request. */
const REFS_PER_REQUEST = 500;

/** What one refresh did. */
export interface RefreshSummary {
  components: number;
  recorded: number;
  unchanged: number;
  /** Components whose Resources could not be planned, with why. */
  failed: Array<{ entityRef: string; message: string }>;
}

/**
 * Keeps each component's estimate in step with its catalog Resources (the
 * `pave.dev/*` annotations golden templates write): every round plans each
 * component's Resources per environment with the infra engine, prices the
 * plans and records the estimate when it differs from the current one,
 * with the cause `spec-change`. So a size changed in `catalog-info.yaml`
 * shows in the entity's history without anyone running a template.
 */
export class CatalogEstimates {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      infra: InfraService;
      estimator: CostEstimator;
      store: DatabaseCostStore;
      logger: LoggerService;
    },
  ) {}

  /**
   * Per component, what the last round found already recorded: its inputs
   * and the current estimate's time. Same inputs and the same current
   * estimate give the same answer, so the next round skips planning it (at
   * 10,000 services a round otherwise costs ~17 s of CPU every interval).
   */
  private readonly settled = new Map<
    string,
    { inputs: string; recordedAt: string }
  >();

  async refresh(): Promise<RefreshSummary> {
    const { catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const { items: components } = await catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: ['kind', 'metadata', 'spec.owner', 'spec.system', 'relations'],
      },
      { credentials },
    );
    const dependsOn = (entity: Entity) =>
      (entity.relations ?? [])
        .filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => r.targetRef)
        .filter(ref => ref.startsWith('resource:'));
    const refs = [...new Set(components.flatMap(dependsOn))];
    const resources = new Map<string, Entity>();
    for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs.slice(i, i + REFS_PER_REQUEST),
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      );
      for (const item of items) {
        if (item) resources.set(stringifyEntityRef(item), item);
      }
    }

    const summary: RefreshSummary = {
      components: 0,
      recorded: 0,
      unchanged: 0,
      failed: [],
    };
    const current = await this.deps.store.currentOf(
      components.map(c => stringifyEntityRef(c)),
    );
    for (const component of components) {
      const entityRef = stringifyEntityRef(component);
      const groups = wizardResourcesByEnvironment(
        dependsOn(component).map(ref => resources.get(ref)),
      );
      if (groups.length === 0) {
        continue;
      }
      summary.components += 1;
      const inputs = JSON.stringify([
        component.metadata.annotations,
        component.spec,
        groups,
      ]);
      const recordedAt =
        current.get(entityRef.toLocaleLowerCase('en-US'))?.recordedAt ?? '';
      const settled = this.settled.get(entityRef);
      if (settled?.inputs === inputs && settled.recordedAt === recordedAt) {
        summary.unchanged += 1;
        continue;
      }
      try {
        const plans = this.plan(component, groups);
        const estimate = this.deps.estimator.estimate(plans);
        const { created } = await this.deps.store.recordEstimate({
          entityRef,
          estimate,
          ifChanged: true,
          cause: {
            kind: 'spec-change',
            detail: `catalog Resources: ${groups
              .map(g => `${g.environment} (${g.resources.length})`)
              .join(', ')}`,
          },
        });
        summary[created ? 'recorded' : 'unchanged'] += 1;
        if (created) {
          // Settled next round, once its new current estimate is read.
          this.settled.delete(entityRef);
        } else {
          this.settled.set(entityRef, { inputs, recordedAt });
        }
      } catch (error) {
        summary.failed.push({
          entityRef,
          message: (error as Error).message,
        });
      }
    }
    // Every run, changed or not: one line per interval says it ran, and on
    // which replica (the scheduler runs it on one of them).
    this.deps.logger.info(
      `Cost estimates from the catalog: ${summary.recorded} recorded, ${
        summary.unchanged
      } unchanged, ${summary.failed.length} failed${
        summary.failed.length
          ? ` (${summary.failed
              .slice(0, 5)
              .map(f => `${f.entityRef}: ${f.message}`)
              .join('; ')})`
          : ''
      }`,
    );
    return summary;
  }

  private plan(
    component: Entity,
    groups: ReturnType<typeof wizardResourcesByEnvironment<Entity>>,
  ): EnvironmentPlan[] {
    const owner = primaryOwner(component);
    return groups.map(group => {
      if ('error' in group) {
        throw new Error(
          `${stringifyEntityRef(group.error.resource)}: ${group.error.message}`,
        );
      }
      const [plan] = this.deps.infra.plan({
        workload: workloadFromWizard(component.metadata.name, group.wizard),
        // Tags do not change a price; the plan only needs valid ones.
        ownership: {
          owner: owner?.startsWith('group:') ? owner : 'group:default/unowned',
          costCenter: 'CC-0000',
        },
        environments: [group.environment],
      });
      return plan;
    });
  }
}
