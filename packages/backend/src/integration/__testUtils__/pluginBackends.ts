/*
 * Pave's own plugins on backends of their own, for tests that need more
 * than one of them: the real policy plugin over the repository's policies/,
 * the real cost plugin over pricing/, each with an in-memory catalog and a
 * small real infra configuration, on free loopback ports. Composing plugins
 * is this package's job, so the tests that do it live here.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import costPlugin from '@pave/plugin-cost-backend';
import { createCostService } from '@pave/plugin-cost-node';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import policyPlugin from '@pave/plugin-policy-backend';
import { createPolicyService } from '@pave/plugin-policy-node';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const REPOSITORY = resolve(__dirname, '../../../../..');

/** The configuration the plugins under test read. */
export const testPluginConfig = {
  pave: {
    policy: { directory: resolve(REPOSITORY, 'policies') },
    cost: { pricingDirectory: resolve(REPOSITORY, 'pricing') },
    infra: testInfraConfig,
  },
};

/** The engine over the same environments, for a test's own plans. */
export function testInfraService(): InfraService {
  return InfraService.fromConfig(new ConfigReader(testPluginConfig));
}

/** A discovery that finds `pluginId` on the server `baseUrl` serves. */
function discoveryOf(server: { address(): unknown }) {
  const { port } = server.address() as AddressInfo;
  return {
    getBaseUrl: async (pluginId: string) =>
      `http://localhost:${port}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) =>
      `http://localhost:${port}/api/${pluginId}`,
  };
}

/**
 * Backstage's in-memory catalog, to which a test can add an entity as
 * `pave:catalog:register` would, between the steps of a task.
 */
function growingCatalog(entities: Entity[]) {
  const held = [...entities];
  let current = catalogServiceMock({ entities: held });
  const service = new Proxy({} as CatalogService, {
    get: (_target, key) => {
      const value = (current as any)[key];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return {
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => service,
    }),
    register(entity: Entity) {
      held.push(entity);
      current = catalogServiceMock({ entities: held });
    },
  };
}

/**
 * The policy and cost plugins on one backend, with a catalog holding the
 * templates and teams the checks look up plus `entities`, and the clients
 * other plugins reach them with (as a mock scaffolder plugin).
 */
export async function startPolicyAndCost(entities: Entity[] = []) {
  const catalog = growingCatalog([...testCatalogEntities, ...entities]);
  const { server } = await startTestBackend({
    features: [
      policyPlugin,
      costPlugin,
      catalog.factory,
      mockServices.rootConfig.factory({ data: testPluginConfig }),
    ],
  });
  const discovery = discoveryOf(server);
  const auth = mockServices.auth({ pluginId: 'scaffolder' });
  return {
    discovery,
    auth,
    policy: createPolicyService({ auth, discovery }),
    cost: createCostService({ auth, discovery }),
    /** Adds an entity to the catalog, as registering it would. */
    register: catalog.register,
  };
}
