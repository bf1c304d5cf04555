import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TemplateServices, UpgradeStatus } from '@pave/plugin-upgrades-common';
import { compareVersions } from '@pave/repository-store';
import { UpgradeStore } from '../database/UpgradeStore';
import { TemplateVersionLookup, Upgrader } from './Upgrader';

/** The annotations the golden templates write on every component. */
export const TEMPLATE_ANNOTATION = 'pave.dev/template';
export const TEMPLATE_VERSION_ANNOTATION = 'pave.dev/template-version';

const SEMVER = /^\d+\.\d+\.\d+$/;

/**
 * Which component is at which template version: one component from its
 * repository's record (what an upgrade merges from), a template's
 * services from the catalog's annotations (what their main says).
 */
export class Inventory {
  constructor(
    private readonly options: {
      upgrader: Upgrader;
      store: UpgradeStore;
      catalog: CatalogService;
      auth: AuthService;
      templateVersion: TemplateVersionLookup;
    },
  ) {}

  async status(entityRef: string): Promise<UpgradeStatus> {
    const { upgrader, store, templateVersion } = this.options;
    const entity = await upgrader.component(entityRef);
    const ref = stringifyEntityRef(entity);
    const changeRequests = await upgrader.withState(
      await store.listChangeRequests({ entityRef: ref }),
    );
    const { record, reason } = await upgrader.record(entity);
    if (!record) {
      return { entityRef: ref, behind: false, reason, changeRequests };
    }
    let latestVersion: string | undefined;
    let why: string | undefined;
    try {
      latestVersion = await templateVersion(record.template);
    } catch (error) {
      why = (error as Error).message;
    }
    return {
      entityRef: ref,
      template: record.template,
      version: record.version,
      ...(latestVersion ? { latestVersion } : {}),
      behind:
        !!latestVersion && compareVersions(latestVersion, record.version) > 0,
      ...(why ? { reason: why } : {}),
      changeRequests,
    };
  }

  /** The components rendered from `template`, as the catalog has them. */
  async components(template: string): Promise<Entity[]> {
    const { name } = parseEntityRef(template, { defaultKind: 'template' });
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: name,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  async templateServices(template: string): Promise<TemplateServices> {
    const templateRef = stringifyEntityRef(
      parseEntityRef(template, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    );
    const latestVersion = await this.options.templateVersion(templateRef);
    const byVersion = new Map<string, TemplateServices['versions'][0]>();
    for (const entity of await this.components(templateRef)) {
      const annotated =
        entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      const version =
        annotated && SEMVER.test(annotated) ? annotated : 'unknown';
      const group = byVersion.get(version) ?? {
        version,
        behind:
          !!latestVersion &&
          version !== 'unknown' &&
          compareVersions(latestVersion, version) > 0,
        services: [],
      };
      group.services.push({
        entityRef: stringifyEntityRef(entity),
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(typeof entity.spec?.owner === 'string'
          ? { owner: entity.spec.owner }
          : {}),
      });
      byVersion.set(version, group);
    }
    const versions = [...byVersion.values()].sort((a, b) => {
      if (a.version === 'unknown') return 1;
      if (b.version === 'unknown') return -1;
      return compareVersions(b.version, a.version);
    });
    versions.forEach(v =>
      v.services.sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    );
    return {
      template: templateRef,
      ...(latestVersion ? { latestVersion } : {}),
      versions,
    };
  }
}
