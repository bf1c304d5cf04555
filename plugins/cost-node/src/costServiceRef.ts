import { ServiceRef } from '@backstage/backend-plugin-api';
import {
  ClientServiceDeps,
  CredentialedApi,
  clientServiceRef,
} from '@pave/backend-common';
import { PluginDiscovery } from '@pave/common';
import { CostApi, CostClient } from '@pave/plugin-cost-common';

/**
 * The cost plugin as another backend plugin or module calls it: the
 * methods of `CostApi` (`@pave/plugin-cost-common`), each taking
 * credentials in place of request options. Pass a request's credentials
 * to act for its user, or `auth.getOwnServiceCredentials()` to act as the
 * calling plugin. Errors are the client's: a `ResponseError` naming the
 * field and the rule.
 *
 * @public
 */
export type CostService = CredentialedApi<
  Pick<
    CostApi,
    'estimate' | 'recordEstimate' | 'getEntityCost' | 'getGroupCost'
  >
>;

const cost = clientServiceRef({
  id: 'pave.cost.client',
  targetPluginId: 'cost',
  createClient: (discovery: PluginDiscovery) =>
    new CostClient({ discoveryApi: discovery }),
  methods: ['estimate', 'recordEstimate', 'getEntityCost', 'getGroupCost'],
});

/**
 * The {@link CostService} of the plugin that depends on it.
 *
 * @public
 */
export const costServiceRef: ServiceRef<CostService, 'plugin', 'singleton'> =
  cost.ref;

/**
 * A {@link CostService} calling the cost plugin found by `discovery` with
 * tokens from `auth`: what {@link costServiceRef} provides.
 *
 * @public
 */
export const createCostService: (deps: ClientServiceDeps) => CostService =
  cost.create;
