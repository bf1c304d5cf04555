import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';
// The tests run the real policy backend; production code only calls its API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyBackend from '@pave/plugin-policy-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import costBackend from '@pave/plugin-cost-backend';
import {
  testCatalogEntities,
} from '@pave/plugin-policy-node/testUtils';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** An InfraService over a small real configuration: dev, prod and previews. */
export function testInfraService(): InfraService {
  return new InfraService(
    EnvironmentRegistry.fromConfig(
      new ConfigReader({ pave: { infra: testInfraConfig } }),
    ),
  );
}

/**
 * The real policy backend over the repository's policies/ on a free port,
 * with an in-memory catalog holding the templates and teams it looks up.
 * Returns a discovery that points at it.
 */
export async function startPolicyBackend() {
  const { server } = await startTestBackend({
    features: [
      policyBackend,
      catalogServiceMock.factory({ entities: testCatalogEntities }),
      mockServices.rootConfig.factory({
        data: {
          pave: {
            policy: { directory: resolve(__dirname, '../../../../policies') },
            infra: testInfraConfig,
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}/api/policy`;
  return {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
}

/**
 * The real cost backend over the repository's pricing/ on a free port,
 * with an in-memory catalog holding `entities`. Returns a discovery that
 * points at it.
 */
export async function startCostBackend(entities: Entity[]) {
  const { server } = await startTestBackend({
    features: [
      costBackend,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          pave: {
            cost: {
              pricingDirectory: resolve(__dirname, '../../../../pricing'),
            },
            infra: testInfraConfig,
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}/api/cost`;
  return {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
}
