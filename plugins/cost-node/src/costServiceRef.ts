import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  ServiceRequestOptions,
  pluginRequestOptions,
} from '@pave/backend-common';
import {
  CostClient,
  CostEstimateBody,
  CostEstimateWithBudget,
  EntityCostResponse,
  GroupCostResponse,
  RecordEstimateBody,
  RecordedEstimate,
} from '@pave/plugin-cost-common';

/**
 * The cost plugin as another backend plugin or module calls it: the
 * `CostClient` of `@pave/plugin-cost-common` with credentials. Pass a
 * request's credentials to act for its user, or
 * `auth.getOwnServiceCredentials()` to act as the calling plugin. Errors
 * are the client's: a `ResponseError` naming the field and the rule.
 *
 * @public
 */
export interface CostService {
  /** `POST /estimate`; see `CostApi.estimate`. */
  estimate(
    body: CostEstimateBody,
    options: ServiceRequestOptions,
  ): Promise<CostEstimateWithBudget>;
  /** `POST /entities/:ref/estimates`; see `CostApi.recordEstimate`. */
  recordEstimate(
    entityRef: string,
    body: RecordEstimateBody,
    options: ServiceRequestOptions,
  ): Promise<RecordedEstimate>;
  /** `GET /entities/:ref`; see `CostApi.getEntityCost`. */
  getEntityCost(
    entityRef: string,
    options: ServiceRequestOptions,
  ): Promise<EntityCostResponse>;
  /** `GET /groups/:ref`; see `CostApi.getGroupCost`. */
  getGroupCost(
    groupRef: string,
    options: ServiceRequestOptions,
  ): Promise<GroupCostResponse>;
}

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
  const client = new CostClient({ discoveryApi: deps.discovery });
  const requestOptions = pluginRequestOptions(deps.auth, 'cost');
  return {
    estimate: async (body, options) =>
      client.estimate(body, await requestOptions(options)),
    recordEstimate: async (entityRef, body, options) =>
      client.recordEstimate(entityRef, body, await requestOptions(options)),
    getEntityCost: async (entityRef, options) =>
      client.getEntityCost(entityRef, await requestOptions(options)),
    getGroupCost: async (groupRef, options) =>
      client.getGroupCost(groupRef, await requestOptions(options)),
  };
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
