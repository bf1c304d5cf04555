import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CredentialedApi, credentialedClient } from '@pave/backend-common';
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

/**
 * A {@link CostService} calling the cost plugin found by `discovery` with
 * tokens from `auth`: what {@link costServiceRef} provides.
 *
 * @public
 */
export function createCostService(deps: {
  auth: AuthService;
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
}): CostService {
  return credentialedClient({
    client: new CostClient({ discoveryApi: deps.discovery }),
    auth: deps.auth,
    targetPluginId: 'cost',
    methods: ['estimate', 'recordEstimate', 'getEntityCost', 'getGroupCost'],
  });
}

/**
 * The {@link CostService} of the plugin that depends on it.
 *
 * @public
 */
export const costServiceRef = createServiceRef<CostService>({
  id: 'pave.cost.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      factory: createCostService,
    }),
});
