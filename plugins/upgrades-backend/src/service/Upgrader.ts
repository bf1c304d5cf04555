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
import {
  ChangeRequest,
  ChangeRequestPolicy,
} from '@pave/plugin-upgrades-common';
import {
  RepositoryStore,
  TemplateRecord,
  TemplateRenderer,
  TemplateUpgrades,
  compareVersions,
} from '@pave/repository-store';
import { Request } from 'express';
import { UpgradeStore } from '../database/UpgradeStore';

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
  render: TemplateRenderer;
  templateVersion: TemplateVersionLookup;
  catalog: CatalogService;
  policy: PolicyService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** The recorded values a template check needs, where the record has them. */
const CHECKED_VALUES = [
  'name',
  'owner',
  'system',
  'costCenter',
  'dataClassification',
  'resources',
  'environments',
] as const;

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

  constructor(private readonly options: UpgraderOptions) {
    this.upgrades = new TemplateUpgrades(options.repositories);
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
   * The record on the component's main, or why there is none (no
   * repository in Pave's store, no or a broken record).
   */
  async record(
    entity: Entity,
  ): Promise<{ record?: TemplateRecord; reason?: string }> {
    const name = entity.metadata.name;
    if (!(await this.options.repositories.exists(name))) {
      return {
        reason: `${stringifyEntityRef(
          entity,
        )} has no repository in Pave's repository store; only services Pave published can be upgraded here`,
      };
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
    const latest = await this.options.templateVersion(record.template);
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
    const result = await this.upgrades.upgrade({
      name: entity.metadata.name,
      toVersion,
      render: this.options.render,
      author: {
        name: createdBy,
        email: `${parseEntityRef(createdBy).name}@users.pave.dev`,
      },
    });
    const policy = await this.check(
      { ...record, version: toVersion },
      options.actor.principal,
    );
    const recorded = await this.options.store.addChangeRequest({
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
    return { ...recorded, state: 'open' };
  }

  /**
   * The policies' verdict on the upgraded service: the template check of
   * the new version's plans for the recorded answers, as a change to the
   * existing service. A check that cannot run says why; it never undoes
   * the branch (the team sees the verdict on the change request).
   */
  private async check(
    record: TemplateRecord,
    principal: PolicyPrincipal,
  ): Promise<ChangeRequestPolicy> {
    const values = record.values;
    const body: Record<string, unknown> = {
      principal,
      template: record.template,
      existing: true,
    };
    for (const key of CHECKED_VALUES) {
      if (values[key] !== undefined && values[key] !== '') {
        body[key] = values[key];
      }
    }
    try {
      const verdict = await this.options.policy.templateCheck(body as any, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
      return {
        decision: verdict.decision,
        violations: verdict.violations.map(v => ({
          policyId: v.policyId,
          message: v.message,
          resource: v.resource,
          ...(v.remediation ? { remediation: v.remediation } : {}),
        })),
        warnings: verdict.warnings.length,
        policySet: verdict.policySet,
      };
    } catch (error) {
      this.options.logger.warn(
        `policy check of ${record.template} ${record.version} for ${String(
          values.name,
        )} failed: ${errorMessage(error as Error)}`,
      );
      return {
        decision: 'not-checked',
        violations: [],
        warnings: 0,
        error: errorMessage(error as Error),
      };
    }
  }

  /** The change requests with where each stands in its repository now. */
  async withState(requests: ChangeRequest[]): Promise<ChangeRequest[]> {
    return Promise.all(
      requests.map(async request => ({
        ...request,
        state: (await this.options.repositories.exists(request.repository))
          ? await this.upgrades.state(
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
    return this.upgrades.diff(
      request.repository,
      request.mainCommit,
      request.commit,
    );
  }
}
