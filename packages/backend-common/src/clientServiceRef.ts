import {
  AuthService,
  DiscoveryService,
  ServiceRef,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { PluginDiscovery } from '@pave/common';
import { CredentialedApi, credentialedClient } from './pluginRequestOptions';

/** What a capability's client service is made from. */
export interface ClientServiceDeps {
  auth: AuthService;
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
}

/**
 * A capability's `-common` client as backend plugins take it from DI: the
 * service ref (`costServiceRef`, `policyServiceRef`, …) and the function
 * that makes the same service from an `auth` and a `discovery`, for tests
 * and scripts. Every call carries a token for `targetPluginId` on behalf
 * of the credentials it is given.
 *
 * @public
 */
export function clientServiceRef<
  Api extends object,
  K extends keyof Api,
>(options: {
  /** The service ref's id, e.g. `pave.cost.client`. */
  id: string;
  targetPluginId: string;
  createClient: (discovery: PluginDiscovery) => Api;
  methods: readonly K[];
}): {
  ref: ServiceRef<CredentialedApi<Pick<Api, K>>, 'plugin', 'singleton'>;
  create: (deps: ClientServiceDeps) => CredentialedApi<Pick<Api, K>>;
} {
  const create = (deps: ClientServiceDeps) =>
    credentialedClient({
      client: options.createClient(deps.discovery),
      auth: deps.auth,
      targetPluginId: options.targetPluginId,
      methods: options.methods,
    });
  const ref = createServiceRef<CredentialedApi<Pick<Api, K>>>({
    id: options.id,
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { auth: coreServices.auth, discovery: coreServices.discovery },
        factory: create,
      }),
  });
  return { ref, create };
}
