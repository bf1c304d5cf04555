import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  COST_CENTER_ANNOTATION,
  entityOwners,
  errorMessage,
} from '@pave/common';
import { parseBudgetAnnotations } from '@pave/plugin-cost-common';
import type { CostService } from '@pave/plugin-cost-node';
import { isPreviewEnvironment } from '@pave/plugin-environments-common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { DeploymentStore } from '../database/DeploymentStore';

const run = promisify(execFile);

const COST_CENTER = /^[A-Z]{2,4}-\d{2,6}$/;

/** What the `preview-budget` Cedar rule reads, and what is recorded. */
export interface DeploymentCostFacts {
  /** The cloud-equivalent monthly estimate (USD), when one was made. */
  estimatedMonthlyUsd?: number;
  estimatedMonthlyCents?: number;
  /** The team's preview budget less its other running previews. */
  previewBudgetRemainingCents?: number;
  /** Why there is no estimate, for the deployment's history. */
  note?: string;
}

const toCents = (usd: number) => Math.round(usd * 100);

/**
 * Prices a deploy the way the cost plugin prices everything: the
 * `score.yaml` at the commit being deployed, planned for the environment
 * (a preview on the preview target; a long-lived local environment as
 * `priceAs`, the cloud environment it stands in for), at list prices. For
 * a preview of a team with a preview budget it adds what is left of it
 * after the team's other running previews. No estimate (no score.yaml, a
 * cost plugin that does not answer) means no facts: the rule cannot fire,
 * as with the other budgets, and the backend's log says why.
 */
export class PreviewBudget {
  constructor(
    private readonly options: {
      cost: CostService;
      auth: AuthService;
      catalog: CatalogService;
      store: DeploymentStore;
      logger: LoggerService;
      /** The environment a long-lived local one is priced as (default dev). */
      priceAs?: string;
    },
  ) {}

  async facts(
    entity: Entity,
    environment: string,
    source: { repository: string; commit: string },
  ): Promise<DeploymentCostFacts> {
    const { auth, catalog, cost, logger } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const owner = entityOwners(entity).find(ref => ref.startsWith('group:'));
    if (!owner) {
      return { note: 'no estimate: the component has no owning group' };
    }
    const credentials = await auth.getOwnServiceCredentials();
    const group = await catalog.getEntityByRef(owner, { credentials });
    const annotations = group?.metadata.annotations ?? {};
    let monthlyUsd: number;
    try {
      const { stdout } = await run('git', [
        '--git-dir',
        source.repository,
        'show',
        `${source.commit}:score.yaml`,
      ]);
      const costCenter = annotations[COST_CENTER_ANNOTATION];
      const estimate = await cost.estimate(
        {
          workload: yaml.parse(stdout),
          ownership: {
            owner,
            // Tags only: a cost centre does not change a price.
            costCenter:
              costCenter && COST_CENTER.test(costCenter)
                ? costCenter
                : 'CC-0000',
          },
          environments: [
            isPreviewEnvironment(environment)
              ? environment
              : this.options.priceAs ?? 'dev',
          ],
        },
        { credentials },
      );
      monthlyUsd = estimate.monthlyUsd;
    } catch (error) {
      const why = errorMessage(error as Error).split('\n')[0];
      logger.warn(`No estimate for ${entityRef}@${environment}: ${why}`);
      return { note: `no estimate: ${why}` };
    }
    const facts: DeploymentCostFacts = {
      estimatedMonthlyUsd: monthlyUsd,
      estimatedMonthlyCents: toCents(monthlyUsd),
    };
    // pave.dev/preview-budget-usd, read as the catalog checks it: a bad
    // value is an error on the Group and no cap, never a cap of zero.
    const cap = parseBudgetAnnotations(annotations).budgets.previewUsd;
    if (!isPreviewEnvironment(environment) || cap === undefined) {
      return facts;
    }
    const used = await this.runningPreviewsOf(owner, entityRef, environment);
    return { ...facts, previewBudgetRemainingCents: toCents(cap - used) };
  }

  /** The estimates of a team's running previews, but the one being deployed. */
  private async runningPreviewsOf(
    owner: string,
    entityRef: string,
    environment: string,
  ): Promise<number> {
    const others = (await this.options.store.list()).filter(
      d =>
        d.desired === 'running' &&
        isPreviewEnvironment(d.environment) &&
        d.estimatedMonthlyUsd !== undefined &&
        !(d.entityRef === entityRef && d.environment === environment),
    );
    if (others.length === 0) {
      return 0;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: others.map(d => d.entityRef) },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return others.reduce(
      (sum, d, i) =>
        items[i] && entityOwners(items[i]!).includes(owner)
          ? sum + d.estimatedMonthlyUsd!
          : sum,
      0,
    );
  }
}
