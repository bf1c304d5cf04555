import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { errorMessage } from '@pave/common';
import { PolicyPrincipal } from '@pave/plugin-policy-common';
import { PolicyService } from '@pave/plugin-policy-node';
import { ChangeRequest } from '@pave/plugin-upgrades-common';
import {
  RepositoryStore,
  TemplateRecord,
  TemplateRenderer,
  TemplateUpgrades,
  UpgradeBranches,
  compareVersions,
} from '@pave/repository-store';
import { Request } from 'express';
import { UpgradeStore } from '../database/UpgradeStore';
import { judgeUpgrade } from './judgeUpgrade';

/** The version a golden template is at, from its file. */
export type TemplateVersionLookup = (
  templateRef: string,
) => Promise<string | undefined>;

/** Who asks for an upgrade: judged by the policies as themselves. */
export interface UpgradeActor {
  principal: PolicyPrincipal;
  /** The request, so the audit trail names who and from where. */
  request?: Request;
}

/** Options for {@link Upgrader}. */
export interface UpgraderOptions {
  store: UpgradeStore;
  repositories: RepositoryStore;
  /** `pave.repositories.baseUrl`: where the catalog reads stored repositories. */
  repositoryBaseUrl: string;
  render: TemplateRenderer;
  templateVersion: TemplateVersionLookup;
  catalog: CatalogService;
  policy: PolicyService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
}

/**
 * Opens template upgrades as change requests: finds the component's
 * repository in Pave's store, merges the template's current version into
 * a branch cut from its main (`TemplateUpgrades`), judges the upgraded
 * plans by the policies in force, records the change request and audits
 * it. Everything a request can get wrong is refused before anything is
 * written.
 */
export class Upgrader {
  private readonly upgrades: TemplateUpgrades;
  private readonly branches: UpgradeBranches;
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly options: UpgraderOptions) {
    this.upgrades = new TemplateUpgrades(options.repositories);
    this.branches = new UpgradeBranches(options.repositories);
  }

  /** The component, or a `NotFoundError` naming `entityRef`. */
  async component(entityRef: string): Promise<Entity> {
    const { kind } = parseEntityRef(entityRef);
    if (kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new InputError(
        `entityRef: ${entityRef} is not a component; templates render components`,
      );
    }
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no component ${entityRef} in the catalog`,
      );
    }
    return entity;
  }

  /**
   * The component's repository in Pave's store, or why it has none. The
   * repository must be the one the component was registered from (its
   * `backstage.io/managed-by-location`), not merely one of the same name:
   * another team's catalog file cannot claim a repository by naming a
   * component after it.
   */
  async repository(
    entity: Entity,
  ): Promise<{ name?: string; reason?: string }> {
    const ref = stringifyEntityRef(entity);
    const name = entity.metadata.name;
    const notStored = `${ref} has no repository in Pave's repository store; only services Pave published can be upgraded here`;
    let exists = false;
    try {
      exists = await this.options.repositories.exists(name);
    } catch {
      // Not a name the store could hold.
    }
    if (!exists) {
      return { reason: notStored };
    }
    const location =
      entity.metadata.annotations?.['backstage.io/managed-by-location'] ?? '';
    if (
      !location.startsWith(`url:${this.options.repositoryBaseUrl}/${name}/`)
    ) {
      return {
        reason: `${ref} was not registered from Pave's repository ${name} (it is managed by ${
          location || 'no location'
        }), so that repository is not its to upgrade`,
      };
    }
    return { name };
  }

  /**
   * The record on the component's main, or why there is none (no
   * repository of its own in Pave's store, no or a broken record).
   */
  async record(
    entity: Entity,
  ): Promise<{ record?: TemplateRecord; reason?: string }> {
    const { name, reason } = await this.repository(entity);
    if (!name) {
      return { reason };
    }
    try {
      return { record: await this.upgrades.record(name) };
    } catch (error) {
      const type = (error as Error).name;
      if (type === 'ConflictError' || type === 'InputError') {
        return { reason: errorMessage(error as Error) };
      }
      throw error;
    }
  }

  /** Upgrades one component; see the class. */
  async upgrade(options: {
    entityRef: string;
    toVersion?: string;
    actor: UpgradeActor;
    bulkId?: string;
  }): Promise<ChangeRequest> {
    const { actor, bulkId } = options;
    const event = await this.options.auditor.createEvent({
      eventId: 'template-upgrade',
      severityLevel: 'medium',
      request: actor.request,
      meta: {
        entityRef: options.entityRef,
        ...(options.toVersion ? { toVersion: options.toVersion } : {}),
        ...(bulkId ? { bulkId } : {}),
      },
    });
    try {
      const request = await this.open(options);
      await event.success({
        meta: {
          changeRequestId: request.id,
          template: request.template,
          fromVersion: request.fromVersion,
          toVersion: request.toVersion,
          branch: request.branch,
          status: request.status,
          conflicts: request.conflicts.length,
          policy: request.policy.decision,
        },
      });
      return request;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async open(options: {
    entityRef: string;
    toVersion?: string;
    actor: UpgradeActor;
    bulkId?: string;
  }): Promise<ChangeRequest> {
    const entity = await this.component(options.entityRef);
    const entityRef = stringifyEntityRef(entity);
    const { record, reason } = await this.record(entity);
    if (!record) {
      throw new ConflictError(reason);
    }
    const latest = await this.options
      .templateVersion(record.template)
      .catch(error => {
        // The record names a template this backend does not render: the
        // component exists, its template is the problem.
        if ((error as Error).name === 'NotFoundError') {
          throw new ConflictError(
            `${entityRef} records ${record.template}, which is not one of the golden templates this backend renders`,
          );
        }
        throw error;
      });
    if (!latest) {
      throw new ConflictError(
        `${record.template} carries no pave.dev/template-version, so ${entityRef} cannot be upgraded from it`,
      );
    }
    const toVersion = options.toVersion ?? latest;
    if (compareVersions(toVersion, record.version) <= 0) {
      throw new ConflictError(
        `${entityRef} is at ${record.template} ${record.version}; ${toVersion} is not newer (a downgrade or the same version)`,
      );
    }
    if (toVersion !== latest) {
      throw new InputError(
        `toVersion: ${record.template} is at ${latest}; ${toVersion} is not a version it can render (only its current one)`,
      );
    }
    const createdBy = options.actor.principal.userEntityRef;
    // One upgrade of a repository at a time on this replica; across
    // replicas the atomic push lets one win and the other answer 409.
    return this.exclusive(entity.metadata.name, () =>
      this.merge({ ...options, entityRef, record, toVersion, createdBy }),
    );
  }

  private async merge(options: {
    entityRef: string;
    record: TemplateRecord;
    toVersion: string;
    createdBy: string;
    actor: UpgradeActor;
    bulkId?: string;
  }): Promise<ChangeRequest> {
    const { entityRef, record, toVersion, createdBy } = options;
    const name = parseEntityRef(entityRef).name;
    const result = await this.upgrades.upgrade({
      name,
      toVersion,
      render: this.options.render,
      author: {
        name: createdBy,
        email: `${parseEntityRef(createdBy).name}@users.pave.dev`,
      },
    });
    const policy = await judgeUpgrade(
      this.options,
      { ...record, version: toVersion },
      options.actor.principal,
    );
    const recording = this.options.store.addChangeRequest({
      entityRef,
      repository: result.repository,
      template: result.template,
      fromVersion: result.fromVersion,
      toVersion: result.toVersion,
      branch: result.branch,
      commit: result.commit,
      mainCommit: result.mainCommit,
      status: result.status,
      files: result.files,
      conflicts: result.conflicts,
      policy,
      ...(options.bulkId ? { bulkId: options.bulkId } : {}),
      createdBy,
    });
    const recorded = await recording.catch(async error => {
      // A branch without its record could never be reviewed nor opened
      // again (409): take it back, unless it is recorded after all.
      const [same] = (
        await this.options.store.listChangeRequests({ entityRef }, 1)
      ).filter(r => r.commit === result.commit);
      if (!same) {
        await this.branches.discard(name, result.branch, result.commit);
      }
      throw error;
    });
    return { ...recorded, state: 'open' };
  }

  /** Runs `work` after any other upgrade of `repository` on this replica. */
  private async exclusive<T>(repository: string, work: () => Promise<T>) {
    const before = this.locks.get(repository) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(repository, settled);
    try {
      return await mine;
    } finally {
      if (this.locks.get(repository) === settled) {
        this.locks.delete(repository);
      }
    }
  }

  /** The change requests with where each stands in its repository now. */
  async withState(requests: ChangeRequest[]): Promise<ChangeRequest[]> {
    return Promise.all(
      requests.map(async request => ({
        ...request,
        state: (await this.options.repositories.exists(request.repository))
          ? await this.branches.state(
              request.repository,
              request.branch,
              request.commit,
            )
          : 'closed',
      })),
    );
  }

  /** The branch of a change request against the main it was cut from. */
  async diff(request: ChangeRequest) {
    return this.branches.diff(
      request.repository,
      request.mainCommit,
      request.commit,
    );
  }
}
