import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Deployment,
  EnvironmentsOffer,
  environmentsTabPath,
  isPreviewEnvironment,
} from '@pave/plugin-environments-common';
import { LocalServices } from '@pave/plugin-environments-node';
import { RepositoryStore } from '@pave/repository-store';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeploymentStore } from '../database/DeploymentStore';

const run = promisify(execFile);

/** Who asked, as the audit trail and the history name them. */
export interface Actor {
  ref: string;
  /** The request, for the auditor to read the caller from; none for the reconciler. */
  auditEvent?: (
    eventId: string,
    meta: JsonObject,
  ) => Promise<AuditorServiceEvent>;
}

/**
 * The environment orchestrator: keeps what should run where (the store's
 * desired state), makes it so on the target, and reconciles — a service
 * that stopped, or a resource that was dropped, comes back without anyone
 * asking. Deploys run in the background; their steps land in the
 * deployment's history as they go. The local target is the only runtime
 * so far; the model (desired/actual per component × environment) is the
 * cloud environments' too.
 */
export class Orchestrator {
  /** Deployments with a deploy or destroy in flight in this process. */
  private readonly busy = new Map<string, Promise<void>>();

  constructor(
    private readonly options: {
      store: DeploymentStore;
      services: LocalServices;
      repositories: RepositoryStore;
      auditor: AuditorService;
      logger: LoggerService;
      /** Environment names the local target serves (`local`); previews come on top. */
      localEnvironments: string[];
      /**
       * Preview lifetimes in hours: given none, and at most; owners are
       * told `noticeHours` before one expires.
       */
      previews?: {
        defaultTtlHours: number;
        maxTtlHours: number;
        noticeHours?: number;
      };
      /** Tells a component's owners something (the notifications plugin). */
      notify?: (notice: {
        entityRef: string;
        title: string;
        description: string;
        link: string;
      }) => Promise<void>;
      /** The clock (tests move it). */
      now?: () => Date;
    },
  ) {}

  private get previews() {
    return {
      defaultTtlHours: 24,
      maxTtlHours: 168,
      noticeHours: 2,
      ...this.options.previews,
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Where this orchestrator runs services, and its previews' lifetimes. */
  offer(): EnvironmentsOffer {
    const { localEnvironments } = this.options;
    const { defaultTtlHours, maxTtlHours } = this.previews;
    return {
      items: localEnvironments.map(name => ({ name, runtime: 'local' })),
      ...(localEnvironments.length > 0
        ? { previews: { runtime: 'local', defaultTtlHours, maxTtlHours } }
        : {}),
    };
  }

  /** Pave itself as the actor, its actions audited with `meta` added. */
  private reconciler(meta: JsonObject): Actor {
    return {
      ref: 'pave',
      auditEvent: (eventId, eventMeta) =>
        this.options.auditor.createEvent({
          eventId,
          severityLevel: 'medium',
          meta: { ...eventMeta, ...meta },
        }),
    };
  }

  /** Whether the local target serves an environment (its own, or a preview). */
  private serves(environment: string): boolean {
    const { localEnvironments } = this.options;
    return (
      localEnvironments.includes(environment) ||
      (localEnvironments.length > 0 && isPreviewEnvironment(environment))
    );
  }

  /** When a preview deployed now with `ttlHours` expires; 400 over the maximum. */
  private expiry(environment: string, ttlHours?: number): string | undefined {
    if (!isPreviewEnvironment(environment)) {
      if (ttlHours !== undefined) {
        throw new InputError(
          `ttlHours: only previews (preview-<name>) expire; ${environment} is long-lived`,
        );
      }
      return undefined;
    }
    const { defaultTtlHours, maxTtlHours } = this.previews;
    const hours = ttlHours ?? defaultTtlHours;
    if (hours > maxTtlHours) {
      throw new InputError(
        `ttlHours: ${hours} is over the maximum of ${maxTtlHours} hours a preview may live`,
      );
    }
    return new Date(this.now().getTime() + hours * 3_600_000).toISOString();
  }

  /**
   * The component's repository in Pave's store and the commit to deploy:
   * the one given, a branch's newest, else the default branch's newest.
   */
  private async source(entityRef: string, commit?: string, branch?: string) {
    const { name } = parseEntityRef(entityRef);
    const { repositories } = this.options;
    if (!(await repositories.exists(name))) {
      throw new InputError(
        `entityRef: ${entityRef} has no repository in Pave's repository store; only services Pave published can run on the local target`,
      );
    }
    const repository = repositories.pathOf(name);
    try {
      const { stdout } = await run('git', [
        '--git-dir',
        repository,
        'rev-parse',
        '--verify',
        '--quiet',
        `${commit ?? (branch ? `refs/heads/${branch}` : 'HEAD')}^{commit}`,
      ]);
      return { service: name, repository, commit: stdout.trim() };
    } catch {
      let message = `entityRef: ${entityRef}'s repository has no commits`;
      if (commit) {
        message = `commit: ${commit} is not a commit of ${entityRef}'s repository`;
      } else if (branch) {
        message = `branch: ${branch} is not a branch of ${entityRef}'s repository`;
      }
      throw new InputError(message);
    }
  }

  /**
   * Wants `entityRef` running at `commit` in `environment` and starts the
   * deploy; answers at once with the deployment (status `deploying`).
   * Everything is checked before anything is provisioned.
   */
  async deploy(
    request: {
      entityRef: string;
      environment: string;
      commit?: string;
      branch?: string;
      ttlHours?: number;
    },
    actor: Actor,
    /**
     * Judges the deploy once its source is known, before anything is
     * recorded or provisioned (the preview budget); throws to refuse.
     * Returns the estimate to record.
     */
    judge?: (source: {
      repository: string;
      commit: string;
    }) => Promise<{ estimatedMonthlyUsd?: number }>,
  ): Promise<Deployment> {
    const { store, localEnvironments } = this.options;
    if (!this.serves(request.environment)) {
      throw new InputError(
        `environment: unknown environment "${
          request.environment
        }"; the local target serves ${
          localEnvironments.length
            ? `${localEnvironments.join(', ')} and preview-<name>`
            : 'none (switched off)'
        }`,
      );
    }
    const expiresAt = this.expiry(request.environment, request.ttlHours);
    const source = await this.source(
      request.entityRef,
      request.commit,
      request.branch,
    );
    const judged = (await judge?.(source)) ?? {};
    const existing = (await store.list(request.entityRef)).find(
      d => d.environment === request.environment,
    );
    if (existing && this.busy.has(existing.id)) {
      throw new ConflictError(
        `${request.entityRef} is already being deployed to or destroyed from ${request.environment}; wait for it to finish`,
      );
    }
    const deployment = await store.want({
      entityRef: request.entityRef,
      environment: request.environment,
      commit: source.commit,
      actor: actor.ref,
      expiresAt,
      estimatedMonthlyUsd: judged.estimatedMonthlyUsd,
    });
    await store.addEvent(deployment.id, {
      action: 'deploy',
      actor: actor.ref,
      outcome: 'started',
      detail: `${source.commit.slice(0, 12)} to ${request.environment}`,
    });
    this.track(
      deployment.id,
      this.rollOut(deployment.id, source, actor, 'deploy'),
    );
    return deployment;
  }

  private track(id: string, work: Promise<void>) {
    const done = work.finally(() => this.busy.delete(id));
    this.busy.set(id, done);
  }

  /** Resolves once nothing is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.busy.size) {
      await Promise.all(this.busy.values());
    }
  }

  private async rollOut(
    id: string,
    source: { service: string; repository: string; commit: string },
    actor: Actor,
    action: 'deploy' | 'reconcile',
  ): Promise<void> {
    const { store, services, logger } = this.options;
    const deployment = (await store.get(id))!;
    const audit = await actor.auditEvent?.(`environment-${action}`, {
      entityRef: deployment.entityRef,
      environment: deployment.environment,
      commit: source.commit,
    });
    let steps: Promise<void> = Promise.resolve();
    try {
      const result = await services.deploy(
        {
          service: source.service,
          environment: deployment.environment,
          repository: source.repository,
          commit: source.commit,
        },
        (step, detail) => {
          // In order, and all written before the outcome below.
          steps = steps.then(async () => {
            await store.update(id, { step });
            await store.addEvent(id, {
              action: 'step',
              actor: actor.ref,
              outcome: 'started',
              detail: `${step}: ${detail}`,
            });
          });
        },
      );
      await steps;
      await store.update(id, {
        status: 'running',
        step: null,
        url: result.url,
        error: null,
        resources: result.resources,
      });
      await store.addEvent(id, {
        action,
        actor: actor.ref,
        outcome: 'succeeded',
        detail: `running at ${result.url}`,
      });
      await audit?.success();
    } catch (error) {
      const message = (error as Error).message;
      await steps.catch(() => {});
      await store.update(id, { status: 'failed', error: message });
      await store.addEvent(id, {
        action,
        actor: actor.ref,
        outcome: 'failed',
        detail: message,
      });
      logger.warn(
        `${action} of ${deployment.entityRef} to ${deployment.environment} failed: ${message}`,
      );
      await audit?.fail({ error: error as Error });
    }
  }

  /** A preview lives `hours` more from now, up to the configured maximum. */
  async extend(id: string, hours: number, actor: Actor): Promise<Deployment> {
    const { store } = this.options;
    const deployment = await store.get(id);
    if (!deployment || deployment.desired !== 'running') {
      throw new NotFoundError(`No running deployment ${id}`);
    }
    if (!deployment.expiresAt) {
      throw new InputError(
        `${deployment.environment} is long-lived: only previews (preview-<name>) expire`,
      );
    }
    const expiresAt = this.expiry(deployment.environment, hours)!;
    const audit = await actor.auditEvent?.('environment-extend', {
      entityRef: deployment.entityRef,
      environment: deployment.environment,
      expiresAt,
    });
    const updated = await store.update(id, {
      expiresAt,
      expiryNotifiedAt: null,
    });
    await store.addEvent(id, {
      action: 'extend',
      actor: actor.ref,
      outcome: 'succeeded',
      detail: `expires ${expiresAt}`,
    });
    await audit?.success();
    return updated;
  }

  /** Stops the component in the environment and drops what was provisioned for it. */
  async destroy(id: string, actor: Actor): Promise<Deployment> {
    const { store, services } = this.options;
    const deployment = await store.get(id);
    if (!deployment || deployment.status === 'destroyed') {
      throw new NotFoundError(`No deployment ${id}`);
    }
    if (this.busy.has(id)) {
      throw new ConflictError(
        `A deploy of ${deployment.entityRef} is in flight; destroy it once it finishes`,
      );
    }
    const updated = await store.update(id, {
      desired: 'absent',
      status: 'destroying',
    });
    const work = (async () => {
      const audit = await actor.auditEvent?.('environment-destroy', {
        entityRef: deployment.entityRef,
        environment: deployment.environment,
      });
      try {
        await services.destroy(
          parseEntityRef(deployment.entityRef).name,
          deployment.environment,
        );
        await store.update(id, {
          status: 'destroyed',
          url: null,
          step: null,
          error: null,
          resources: [],
        });
        await store.addEvent(id, {
          action: 'destroy',
          actor: actor.ref,
          outcome: 'succeeded',
          detail: 'stopped; resources dropped',
        });
        await audit?.success();
      } catch (error) {
        await store.update(id, {
          status: 'failed',
          error: (error as Error).message,
        });
        await store.addEvent(id, {
          action: 'destroy',
          actor: actor.ref,
          outcome: 'failed',
          detail: (error as Error).message,
        });
        await audit?.fail({ error: error as Error });
      }
    })();
    this.track(id, work);
    return updated;
  }

  /**
   * The previews' clock, run by the scheduler once across replicas: tells
   * the owners of each preview about to expire (once per expiry), and
   * turns off each one whose time is up — destroyed here when this
   * process serves it, else by the reconcile loop of the one that does.
   * Returns what it did, as `entityRef@environment: notified|expired`.
   */
  async expirePreviews(): Promise<string[]> {
    const { store, auditor, notify } = this.options;
    const now = this.now();
    const noticeBefore = new Date(
      now.getTime() + (this.previews.noticeHours ?? 2) * 3_600_000,
    ).toISOString();
    const done: string[] = [];
    for (const deployment of await store.wanted()) {
      const { id, entityRef, environment, expiresAt } = deployment;
      if (!expiresAt) {
        continue;
      }
      if (expiresAt <= now.toISOString()) {
        if (!(await store.retire(id, expiresAt))) {
          continue;
        }
        const event = await auditor.createEvent({
          eventId: 'environment-expire',
          severityLevel: 'medium',
          meta: { entityRef, environment, expiresAt },
        });
        await store.addEvent(id, {
          action: 'expire',
          actor: 'pave',
          outcome: 'succeeded',
          detail: `expired at ${expiresAt}`,
        });
        await event.success();
        done.push(`${entityRef}@${environment}: expired`);
        if (this.serves(environment)) {
          // Failing here leaves it retiring: the reconcile loop tries again.
          await this.destroy(id, this.reconciler({ reason: 'expired' })).catch(
            error =>
              this.options.logger.warn(
                `Could not destroy ${entityRef}@${environment} yet: ${
                  (error as Error).message
                }`,
              ),
          );
          await this.busy.get(id);
        }
      } else if (
        expiresAt <= noticeBefore &&
        !deployment.expiryNotifiedAt &&
        notify
      ) {
        const { name } = parseEntityRef(entityRef);
        const minutes = Math.max(
          1,
          Math.round((Date.parse(expiresAt) - now.getTime()) / 60_000),
        );
        const notice = {
          entityRef,
          title: `Preview ${environment} of ${name} expires in ${
            minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`
          }`,
          description: `At ${expiresAt} it is destroyed with its databases, keys and queues. Its owners can extend it on the Environments tab (up to ${this.previews.maxTtlHours} h from now).`,
          link: environmentsTabPath(parseEntityRef(entityRef)),
        };
        try {
          await notify(notice);
        } catch (error) {
          // Told next round; never in the way of expiring the others.
          this.options.logger.warn(
            `Could not notify the owners of ${entityRef}@${environment}: ${
              (error as Error).message
            }`,
          );
          continue;
        }
        await store.update(id, { expiryNotifiedAt: now.toISOString() });
        done.push(`${entityRef}@${environment}: notified`);
      }
    }
    return done;
  }

  /**
   * One reconcile round: every deployment that should run is checked —
   * running in this process, answering its readiness, its resources there
   * (re-provisioned: idempotent, so a dropped database is created again).
   * What is not gets deployed again. Returns what was repaired.
   */
  async reconcile(): Promise<string[]> {
    const { store, services, auditor } = this.options;
    const repaired: string[] = [];
    // Turned off elsewhere (an expiry on another replica, a destroy cut
    // short by a restart): finish the job here, where it runs.
    for (const deployment of await store.retiring()) {
      if (
        this.busy.has(deployment.id) ||
        !this.serves(deployment.environment)
      ) {
        continue;
      }
      repaired.push(
        `${deployment.entityRef}@${deployment.environment}: destroyed`,
      );
      await this.destroy(deployment.id, this.reconciler({ reason: 'retired' }));
      await this.busy.get(deployment.id);
    }
    for (const deployment of await store.wanted()) {
      if (
        this.busy.has(deployment.id) ||
        !this.serves(deployment.environment)
      ) {
        continue;
      }
      const service = parseEntityRef(deployment.entityRef).name;
      let reason: string | undefined;
      if (!services.get(service, deployment.environment)) {
        reason = 'not running';
      } else {
        try {
          const fixed = await services.repairResources(
            service,
            deployment.environment,
          );
          if (!(await services.isReady(service, deployment.environment))) {
            reason = fixed.length
              ? `not ready (re-provisioned ${fixed.join(', ')})`
              : 'not ready';
          } else if (fixed.length) {
            reason = `re-provisioned ${fixed.join(', ')}`;
          }
        } catch (error) {
          reason = `resources unreachable: ${(error as Error).message}`;
        }
      }
      if (!reason) {
        continue;
      }
      repaired.push(
        `${deployment.entityRef}@${deployment.environment}: ${reason}`,
      );
      await store.addEvent(deployment.id, {
        action: 'reconcile',
        actor: 'pave',
        outcome: 'started',
        detail: reason,
      });
      if (reason.startsWith('re-provisioned')) {
        const event = await auditor.createEvent({
          eventId: 'environment-reconcile',
          severityLevel: 'medium',
          meta: {
            entityRef: deployment.entityRef,
            environment: deployment.environment,
            reason,
          },
        });
        await store.addEvent(deployment.id, {
          action: 'reconcile',
          actor: 'pave',
          outcome: 'succeeded',
          detail: reason,
        });
        await event.success();
        continue;
      }
      const source = await this.source(
        deployment.entityRef,
        deployment.commit,
      ).catch(() => undefined);
      if (!source) {
        await store.update(deployment.id, {
          status: 'failed',
          error: 'its repository or commit is gone',
        });
        continue;
      }
      const work = this.rollOut(
        deployment.id,
        source,
        this.reconciler({ reason }),
        'reconcile',
      );
      this.track(deployment.id, work);
      await work;
    }
    return repaired;
  }
}
