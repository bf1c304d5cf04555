import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { errorMessage, parseEntityRefInput } from '@pave/common';
import { BulkUpgrade } from '@pave/plugin-upgrades-common';
import { compareVersions } from '@pave/repository-store';
import { UpgradeStore } from '../database/UpgradeStore';
import { Inventory, TEMPLATE_VERSION_ANNOTATION } from './Inventory';
import { TemplateVersionLookup, UpgradeActor, Upgrader } from './Upgrader';

/** The refusals an upgrade names for its reader; anything else is internal. */
const KNOWN_ERRORS = new Set([
  'InputError',
  'ConflictError',
  'NotFoundError',
  'NotAllowedError',
]);

/** What a bulk report says of a failure: the refusal, or where to look. */
function reportable(error: Error): string {
  return KNOWN_ERRORS.has(error.name)
    ? errorMessage(error).slice(0, 2000)
    : 'internal error: the backend log has the details';
}

/**
 * A run with no service finished for this long stopped with the replica
 * running it (one service takes seconds).
 */
export const STALLED_RUN_MS = 10 * 60 * 1000;

const STALLED =
  'interrupted: the run made no progress for 10 minutes (the replica running it stopped); start it again';
const STOPPING = 'interrupted: the backend running it stopped; start it again';
const UNREACHED =
  'interrupted: the run stopped before this service; start it again';

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
  private stopping = false;

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
    const { inventory, templateVersion } = this.options;
    const latest = await templateVersion(options.template);
    if (!latest) {
      throw new ConflictError(
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
      // A service whose upgrade to this version waits for review already
      // has its change request: it is not planned again.
      const waiting = await this.waitingForReview(selected, toVersion);
      selected = selected.filter(ref => !waiting.has(ref));
    }
    return { template: options.template, toVersion, entityRefs: selected };
  }

  /** The services whose change request to `toVersion` is still open. */
  private async waitingForReview(refs: string[], toVersion: string) {
    const { store, upgrader } = this.options;
    const waiting = new Set<string>();
    for (const ref of refs) {
      const requests = (
        await store.listChangeRequests({ entityRef: ref }, 20)
      ).filter(r => r.toVersion === toVersion);
      const states = await upgrader.withState(requests);
      if (states.some(r => r.state === 'open')) waiting.add(ref);
    }
    return waiting;
  }

  /** Records a planned run and starts it in the background. */
  async start(plan: BulkPlan, actor: UpgradeActor): Promise<BulkUpgrade> {
    await this.sweep();
    const run = await this.options.store.startBulk({
      ...plan,
      createdBy: actor.principal.userEntityRef,
    });
    const work = this.work(run, actor).finally(() => this.running.delete(work));
    this.running.add(work);
    return run;
  }

  /**
   * Ends the runs that stalled (their replica stopped mid-run), so nobody
   * waits on them and the template can be upgraded again. Called before
   * runs are read or started, on any replica.
   */
  async sweep(): Promise<void> {
    await this.options.store.interruptStalled(
      new Date(Date.now() - STALLED_RUN_MS).toISOString(),
      STALLED,
    );
  }

  /**
   * The backend is stopping: each run finishes the service it is on, and
   * its other services fail as interrupted (not left pending forever).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
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
        if (this.stopping) {
          await store.interrupt(run.id, STOPPING);
          return;
        }
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
            error: reportable(error as Error),
            durationMs: Date.now() - started,
          });
          if (!KNOWN_ERRORS.has((error as Error).name)) {
            logger.error(
              `bulk upgrade ${run.id}: ${item.entityRef} failed: ${errorMessage(
                error as Error,
              )}`,
            );
          }
        }
      }
    } catch (error) {
      logger.error(
        `bulk upgrade ${run.id} stopped: ${errorMessage(error as Error)}`,
      );
    } finally {
      // Whatever is still pending (a store error above) fails, never hangs.
      await store
        .interrupt(run.id, UNREACHED)
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
