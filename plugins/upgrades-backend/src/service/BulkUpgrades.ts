import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { errorMessage, parseEntityRefInput } from '@pave/common';
import { BulkUpgrade } from '@pave/plugin-upgrades-common';
import { compareVersions } from '@pave/repository-store';
import { UpgradeStore } from '../database/UpgradeStore';
import { Inventory, TEMPLATE_VERSION_ANNOTATION } from './Inventory';
import { TemplateVersionLookup, UpgradeActor, Upgrader } from './Upgrader';

/** After this long a run still marked running is taken as stopped. */
const STALE_RUN_MS = 30 * 60 * 1000;

/** What a bulk run upgrades: checked, not yet recorded. */
export interface BulkPlan {
  template: string;
  toVersion: string;
  entityRefs: string[];
}

/**
 * Bulk upgrades for the platform team: every service of a template that is
 * behind (or a selection), one after another in the background, each one
 * a change request and an audit event of its own; the run's report is in
 * the store as it goes, so any replica answers its progress.
 */
export class BulkUpgrades {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      store: UpgradeStore;
      upgrader: Upgrader;
      inventory: Inventory;
      templateVersion: TemplateVersionLookup;
      logger: LoggerService;
    },
  ) {}

  /**
   * What a run would upgrade, or why it cannot: the template must be one
   * this backend renders, `toVersion` its current version, a selection
   * must be its services. Without a selection: every service whose main
   * is behind (by its catalog annotation) or says no version.
   */
  async plan(options: {
    template: string;
    toVersion?: string;
    entityRefs?: string[];
  }): Promise<BulkPlan> {
    const { inventory, templateVersion, store } = this.options;
    // One run per template at a time: a second would race the first for
    // the same repositories. A run older than that stopped with its replica.
    const running = await store.runningBulk(
      options.template,
      new Date(Date.now() - STALE_RUN_MS).toISOString(),
    );
    if (running) {
      throw new ConflictError(
        `template: a bulk upgrade of ${options.template} is running (${running.id}, started by ${running.createdBy} at ${running.createdAt}); follow it with GET /api/upgrades/bulk/${running.id}`,
      );
    }
    const latest = await templateVersion(options.template);
    if (!latest) {
      throw new InputError(
        `template: ${options.template} carries no pave.dev/template-version`,
      );
    }
    const toVersion = options.toVersion ?? latest;
    if (toVersion !== latest) {
      throw new InputError(
        `toVersion: ${options.template} is at ${latest}; ${toVersion} is not a version it can render (only its current one)`,
      );
    }
    const components = await inventory.components(options.template);
    const refs = components.map(c => stringifyEntityRef(c));
    let selected: string[];
    if (options.entityRefs) {
      const known = new Set(refs);
      selected = [
        ...new Set(
          options.entityRefs.map(r =>
            parseEntityRefInput(r, {
              field: 'entityRefs',
              defaultKind: 'component',
            }),
          ),
        ),
      ];
      const stranger = selected.find(r => !known.has(r));
      if (stranger) {
        throw new InputError(
          `entityRefs: ${stranger} is not a component of ${options.template} in the catalog`,
        );
      }
    } else {
      selected = components
        .filter(c => {
          const version = c.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
          return (
            !version ||
            !/^\d+\.\d+\.\d+$/.test(version) ||
            compareVersions(toVersion, version) > 0
          );
        })
        .map(c => stringifyEntityRef(c))
        .sort();
    }
    return { template: options.template, toVersion, entityRefs: selected };
  }

  /** Records a planned run and starts it in the background. */
  async start(plan: BulkPlan, actor: UpgradeActor): Promise<BulkUpgrade> {
    const run = await this.options.store.startBulk({
      ...plan,
      createdBy: actor.principal.userEntityRef,
    });
    const work = this.work(run, actor).finally(() => this.running.delete(work));
    this.running.add(work);
    return run;
  }

  /** Resolves when every run this replica started has finished. */
  async idle(): Promise<void> {
    while (this.running.size) {
      await Promise.all([...this.running]);
    }
  }

  private async work(run: BulkUpgrade, actor: UpgradeActor) {
    const { store, upgrader, logger } = this.options;
    try {
      for (const [position, item] of run.items.entries()) {
        const started = Date.now();
        try {
          const request = await upgrader.upgrade({
            entityRef: item.entityRef,
            toVersion: run.toVersion,
            actor,
            bulkId: run.id,
          });
          await store.finishItem(run.id, position, {
            status: request.status,
            changeRequestId: request.id,
            policy: request.policy.decision,
            durationMs: Date.now() - started,
          });
        } catch (error) {
          await store.finishItem(run.id, position, {
            status: 'failed',
            error: errorMessage(error as Error).slice(0, 2000),
            durationMs: Date.now() - started,
          });
        }
      }
    } catch (error) {
      logger.error(
        `bulk upgrade ${run.id} stopped: ${errorMessage(error as Error)}`,
      );
    } finally {
      await store
        .finishBulk(run.id)
        .catch(error =>
          logger.error(
            `bulk upgrade ${run.id} not finished: ${errorMessage(
              error as Error,
            )}`,
          ),
        );
    }
  }
}
