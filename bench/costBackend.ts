/*
 * The cost plugin on a backend of its own for the cost benchmarks: the
 * repository's pricing/, a small real infra configuration, the given
 * database (SQLite or PostgreSQL) and catalog, every permission allowed and
 * Backstage's mock credentials, on a free loopback port. Stop it with
 * `backend.stop()`.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Authorization headers: a developer, and the scaffolder's own service. */
export const asDeveloper = mockCredentials.user.header(
  'user:default/tom.becker',
);
export const asScaffolder = mockCredentials.service.header();

export async function startCostBackend(options: {
  knex: Knex;
  entities: Entity[];
}) {
  const backend = await startTestBackend({
    features: [
      import('@pave/plugin-cost-backend'),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          pave: {
            cost: { pricingDirectory: join(__dirname, '..', 'pricing') },
            infra: testInfraConfig,
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: options.entities }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { backend, baseUrl: `http://127.0.0.1:${port}/api/cost` };
}
