import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { costPlugin } from '../plugin';

/** The repository's pricing/ and a small real infra configuration. */
export const testCostConfig = {
  pave: {
    cost: { pricingDirectory: resolve(__dirname, '../../../../pricing') },
    infra: testInfraConfig,
  },
};

/**
 * The cost plugin on a test backend: every permission answered `result`,
 * an in-memory catalog holding `entities`, and no credentials for a request
 * without an Authorization header (401).
 */
export async function startCostTestBackend(
  options: {
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entities?: Entity[];
  } = {},
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      costPlugin,
      mockServices.rootConfig.factory({ data: testCostConfig }),
      mockServices.permissions.factory({
        result: options.result ?? AuthorizeResult.ALLOW,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
    ],
  });
  return server;
}
